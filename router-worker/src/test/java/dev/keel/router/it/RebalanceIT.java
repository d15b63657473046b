package dev.keel.router.it;

import dev.keel.config.RoutingConfig;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Latency;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A second worker joining mid-load, then the first leaving: one result per request, nothing lost, nothing twice. */
@ExtendWith(KafkaBrokerExtension.class)
class RebalanceIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(RebalanceIT.class);

    @Test
    void shouldAnswerEveryRequestWhileWorkersJoinAndLeave(KafkaBroker broker) throws Exception {
        // A long TTFT timeout: this test is about delivery, and a loaded build machine must not turn slow answers into failovers.
        try (WorkerStack stack = WorkerStack.start(broker, new Latency(150, 400, 2, 4),
                c -> c.withRouting(new RoutingConfig(null, null, Duration.ofSeconds(20), null, null, null, null, null, null)))) {
            // Given
            RouterWorker first = stack.startWorker("first");
            List<String> ids = new ArrayList<>();
            try (var sender = Executors.newSingleThreadExecutor()) {
                Future<List<String>> load = sender.submit(() -> PacedLoad.send(stack, "rebalance", 900, 100));

                // When: a second worker joins a third of the way in, and the first leaves two thirds in
                await().atMost(Duration.ofSeconds(30)).until(() -> stack.results.size() >= 300);
                stack.startWorker("second");
                await().atMost(Duration.ofSeconds(30)).until(() -> stack.results.size() >= 600);
                first.close();
                stack.workers.remove(first);
                ids.addAll(load.get());
            }

            // Then
            stack.awaitResults(ids, Duration.ofSeconds(60));
            assertThat(stack.firstResults(ids)).extracting(PromptResult::getStatus).containsOnly(ResultStatus.SUCCESS);
            LOGGER.info("rebalance test: requests={} duplicates={} provider_calls={}", ids.size(), stack.duplicates(), stack.providerCalls());
            assertThat(stack.duplicates()).isZero();
        }
    }
}
