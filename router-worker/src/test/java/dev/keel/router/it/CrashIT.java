package dev.keel.router.it;

import dev.keel.config.ConfigPrinter;
import dev.keel.config.KeelConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Latency;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a worker process with hundreds of requests in flight loses nothing: after a restart
 * every request has a result, and duplicates are bounded by what was in flight.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(CrashIT.class);
    private static final int MAX_IN_FLIGHT = 300;

    @Test
    void shouldAnswerEveryRequestAfterAWorkerIsKilledMidLoad(KafkaBroker broker, @TempDir Path dir) throws Exception {
        // Given: slow providers, so a few hundred requests are in flight at any time
        Latency slow = new Latency(600, 1_200, 4, 8);
        try (WorkerStack stack = WorkerStack.start(broker, slow, config -> config.withWorker(
                new WorkerConfig("crash-worker", KafkaBroker.uniqueName("router"), MAX_IN_FLIGHT, null, Duration.ofMillis(200), Duration.ofSeconds(2))))) {
            Path configFile = dir.resolve("keel.yaml");
            Files.writeString(configFile, ConfigPrinter.toYaml(stack.config));
            Path log = dir.resolve("worker.log");
            Process first = WorkerProcess.start(configFile, log);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                String id = "crash-" + i;
                ids.add(id);
                stack.send(WorkerStack.request(id));
            }
            stack.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.results.size() >= 300);

            // When: SIGKILL, no shutdown hook, no commit
            first.destroyForcibly().waitFor();
            int answeredBeforeCrash = stack.results.size();
            Process second = WorkerProcess.start(configFile, log);
            try {
                // Then
                stack.awaitResults(ids, Duration.ofSeconds(120));
            } finally {
                second.destroyForcibly().waitFor();
            }
            List<PromptResult> results = stack.firstResults(ids);
            assertThat(results).extracting(PromptResult::getStatus).containsOnly(ResultStatus.SUCCESS);
            int duplicates = stack.duplicates();
            LOGGER.info("crash test: answered_before_kill={} duplicates_after_restart={} max_in_flight={}",
                    answeredBeforeCrash, duplicates, MAX_IN_FLIGHT);
            // A duplicate is a request answered before the kill whose offset was not committed yet:
            // at most what was in flight (max-in-flight + one poll) plus one commit interval's worth.
            assertThat(duplicates).isLessThanOrEqualTo(answeredBeforeCrash).isLessThanOrEqualTo(2 * MAX_IN_FLIGHT);
        }
    }
}
