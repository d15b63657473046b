package dev.keel.router.it;

import dev.keel.config.KafkaConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.router.RouterWorker;
import dev.keel.router.delivery.WorkerHealth;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Latency;
import dev.keel.testsupport.DedicatedBroker;
import dev.keel.testsupport.KafkaBroker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stopped under load for longer than {@code delivery.timeout.ms}, then started again: the
 * worker reports itself degraded meanwhile, no partition is stuck afterwards, and every request has its
 * one result. Runs on a broker of its own (the shared one is never restarted).
 */
class BrokerOutageIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(BrokerOutageIT.class);
    private static final int DELIVERY_TIMEOUT_MS = 4_000;

    @Test
    void shouldAnswerEveryRequestOnceAndLeaveNoPartitionStuckWhenTheBrokerIsAwayForLongerThanTheDeliveryTimeout(@TempDir Path dir)
            throws Exception {
        try (DedicatedBroker broker = new DedicatedBroker(dir.resolve("kafka"));
             WorkerStack stack = WorkerStack.start(broker, new Latency(300, 500, 5, 10), c -> c
                     .withKafka(new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                             "delivery.timeout.ms", String.valueOf(DELIVERY_TIMEOUT_MS), "request.timeout.ms", "2000",
                             "max.block.ms", "4000")))
                     .withWorker(new WorkerConfig("outage", KafkaBroker.uniqueName("router"), 64, null, null, Duration.ofSeconds(2))))) {
            // Given: a worker busy with a backlog
            RouterWorker worker = stack.startWorker("outage");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                ids.add("outage-" + i);
                stack.send(WorkerStack.request("outage-" + i));
            }
            stack.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.results.size() >= 150);

            // When: the broker goes away for more than twice the delivery timeout, then comes back
            broker.stop();
            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.health().state() == WorkerHealth.State.DEGRADED
                    && System.nanoTime() - stoppedAt > Duration.ofMillis(2L * DELIVERY_TIMEOUT_MS).toNanos());
            int answeredDuringOutage = stack.results.size();
            broker.start();

            // Then: every request answered once, the worker healthy, and every partition moves again
            stack.awaitResults(ids, Duration.ofSeconds(150));
            List<String> after = PacedLoad.send(stack, "after-outage", 60, 60);
            stack.awaitResults(after, Duration.ofSeconds(60));
            LOGGER.info("broker outage test: requests={} answered_before_restart={} duplicates={}",
                    ids.size() + after.size(), answeredDuringOutage, stack.duplicates());
            assertThat(stack.firstResults(ids)).extracting(PromptResult::getStatus).containsOnly(ResultStatus.SUCCESS);
            assertThat(stack.duplicates()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.health().state() == WorkerHealth.State.OK);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lagOf(stack)).allSatisfy((p, lag) -> assertThat(lag).isZero()));
        }
    }

    /** Per request partition: end offset minus the group's committed offset. */
    private static Map<TopicPartition, Long> lagOf(WorkerStack stack) {
        return stack.broker.lag(stack.config.worker().groupId(), stack.topics.requests().name());
    }
}
