package dev.keel.router.it;

import dev.keel.config.ConfigPrinter;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A worker killed right after a rebalance moved some of its partitions away (while it still runs
 * records of the ones it kept and of the ones it gave up): still exactly one result per request.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KillAfterRebalanceIT {

    @Test
    void shouldAnswerEveryRequestExactlyOnceWhenAWorkerIsKilledRightAfterARebalance(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker, CrashIT.SLOW, c -> CrashIT.crashConfig(c, "victim"));
             WorkerReports reports = new WorkerReports(stack)) {
            // Given: one worker process busy with the whole load
            Path configFile = dir.resolve("keel.yaml");
            Files.writeString(configFile, ConfigPrinter.toYaml(stack.config));
            Process victim = WorkerProcess.start(configFile, Path.of("target", getClass().getSimpleName() + "-victim.log"));
            List<String> ids = CrashIT.sendAll(stack, "rebalance-kill");
            await().atMost(Duration.ofSeconds(90)).until(() -> stack.answeredBy("victim") >= 100 && reports.inFlight("victim") >= 300);

            // When: a second worker joins; the moment the rebalance has given it partitions, SIGKILL the first
            stack.startWorker("joiner");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> stack.assignedTo("joiner") > 0);
            int inFlightAtKill = reports.inFlight("victim");
            victim.destroyForcibly().waitFor();

            // Then
            stack.awaitResults(ids, Duration.ofSeconds(120));
            CrashIT.assertExactlyOnce(stack, ids, inFlightAtKill, "kill after rebalance");
        }
    }
}
