package dev.keel.router.it;

import dev.keel.config.ConfigPrinter;
import dev.keel.config.HedgingConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.TopicsConfig;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a worker process with at least 500 requests in flight on it, the rest of the group carrying
 * on: every request gets exactly one result visible to a read_committed consumer, and providers are
 * called again only for what was in flight at the kill.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(CrashIT.class);
    static final int MAX_IN_FLIGHT = 600;
    static final int REQUESTS = 2_400;
    /** ~3 s per call: the killed worker's 600 slots stay full for seconds, so the kill lands with them full. */
    static final Latency SLOW = new Latency(2_600, 3_000, 10, 20);

    static KeelConfig crashConfig(KeelConfig config, String workerId) {
        TopicsConfig t = config.topics();
        return config
                .withTopics(new TopicsConfig(t.requests(), t.requestsBatch(), t.results(), t.dlq(), t.sli(), t.pages(), t.control(),
                        t.workers(), 3, t.replicationFactor(), Map.of("requests", 6)))
                // Hedging off: with ~3 s calls every first try would hedge after its 1 s delay (up to the 10% cap), and
                // this test counts provider calls to bound what a kill makes Keel call again; hedges are HedgingIT's.
                .withRouting(new RoutingConfig(null, null, Duration.ofSeconds(20), null, null, null, null, null, null)
                        .withHedging(HedgingConfig.off()))
                .withWorker(new WorkerConfig(workerId, KafkaBroker.uniqueName("router"), MAX_IN_FLIGHT, null, null, Duration.ofSeconds(2)));
    }

    @Test
    void shouldAnswerEveryRequestExactlyOnceWhenAWorkerIsKilledWithHundredsInFlight(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker, SLOW, c -> crashConfig(c, "victim"));
             WorkerReports reports = new WorkerReports(stack)) {
            // Given: a worker process and an in-process worker share the group
            Path configFile = dir.resolve("keel.yaml");
            Files.writeString(configFile, ConfigPrinter.toYaml(stack.config));
            Process victim = WorkerProcess.start(configFile, Path.of("target", getClass().getSimpleName() + "-victim.log"));
            stack.startWorker("survivor");
            List<String> ids = sendAll(stack, "crash");
            // It has committed results (so its successor must skip them) and still holds hundreds
            await().atMost(Duration.ofSeconds(90)).until(() -> stack.answeredBy("victim") >= 100 && reports.inFlight("victim") >= 500);

            // When: SIGKILL, no shutdown hook, no commit, no abort
            int inFlightAtKill = reports.inFlight("victim");
            victim.destroyForcibly().waitFor();

            // Then
            stack.awaitResults(ids, Duration.ofSeconds(120));
            assertExactlyOnce(stack, ids, inFlightAtKill, "crash");
        }
    }

    static List<String> sendAll(WorkerStack stack, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String id = prefix + "-" + i;
            ids.add(id);
            stack.send(WorkerStack.request(id));
        }
        stack.flush();
        return ids;
    }

    static void assertExactlyOnce(WorkerStack stack, List<String> ids, int inFlightAtKill, String what) {
        List<PromptResult> results = stack.firstResults(ids);
        long calls = stack.providerCalls();
        LOGGER.info("{} test: requests={} in_flight_at_kill={} duplicates={} provider_calls={} extra_calls={} answered_by={} sims={}/{}",
                what, ids.size(), inFlightAtKill, stack.duplicates(), calls, calls - ids.size(),
                results.stream().collect(java.util.stream.Collectors.groupingBy(r -> String.valueOf(r.getWorkerId()),
                        java.util.stream.Collectors.counting())), stack.primary.stats(), stack.secondary.stats());
        assertThat(results).extracting(PromptResult::getStatus).containsOnly(ResultStatus.SUCCESS);
        assertThat(stack.duplicates()).isZero();
        // Providers are called again only for records that were in flight (max-in-flight, plus one poll's
        // worth of outcomes waiting for their transaction) on the killed worker.
        assertThat(calls - ids.size()).isLessThanOrEqualTo(MAX_IN_FLIGHT + 500);
    }
}
