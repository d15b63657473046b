package dev.keel.router.it;

import dev.keel.router.RouterWorker;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.ProviderState;
import dev.keel.schemas.WorkerStatus;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each worker reports its cooldown, bypass and in-flight state on keel.workers, and says when it stopped. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerStatusIT {

    @Test
    void shouldReportACooledDownPrimaryAndAFinalStoppedReport(KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker)) {
            // Given
            RouterWorker worker = stack.startWorker("reporting");
            KeelSerde<WorkerStatus> serde = KeelSerde.of(WorkerStatus.class);
            Map<String, WorkerStatus> latest = new ConcurrentHashMap<>();
            try (Collector reports = new Collector(stack.kafka.bytesConsumer(null, "it-workers"), stack.topics.workers().name(),
                    record -> latest.put(serde.decode(record.value()).orThrow().getWorkerId(), serde.decode(record.value()).orThrow()))) {

                // When: the primary's key is revoked and traffic flows
                stack.primary.revokeKeys();
                List<String> ids = PacedLoad.send(stack, "status", 20, 100);
                stack.awaitResults(ids, Duration.ofSeconds(30));

                // Then: the next report shows the primary skipped
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    WorkerStatus status = latest.get("reporting");
                    assertThat(status).isNotNull();
                    assertThat(cooldowns(status)).containsEntry("primary", "OPEN").containsEntry("secondary", "CLOSED");
                    assertThat(status.getStopped()).isFalse();
                    assertThat(status.getBypass()).isFalse();
                });

                // When: it shuts down
                worker.close();
                stack.workers.remove(worker);

                // Then
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(latest.get("reporting").getStopped()).isTrue());
            }
        }
    }

    private static Map<String, String> cooldowns(WorkerStatus status) {
        return status.getProviders().stream().collect(Collectors.toMap(ProviderState::getName, ProviderState::getCooldown));
    }
}
