package dev.keel.router.it;

import dev.keel.router.RouterWorker;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Faults;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.Protocol;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary fails in each of the ways real providers do; every request still succeeds through
 * the secondary, and with cooldown what callers wait stays under 2.5 s at p95 with the 2 s TTFT
 * timeout. Load: 300 requests at 60 per second while the primary is down.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FailoverIT {

    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(FailoverIT.class);

    enum PrimaryFailure {
        REVOKED_KEY(ProviderSim::revokeKeys, AttemptOutcome.AUTH),
        TTFT_STALL(sim -> sim.setFaults(Protocol.OPENAI, Faults.NONE.withTtftStall(1.0, 30_000)), AttemptOutcome.TTFT_TIMEOUT),
        ERROR_EVENT_IN_200(sim -> sim.setFaults(Protocol.OPENAI, Faults.NONE.withErrorEvents(1.0, "server_error")), AttemptOutcome.SERVER_ERROR),
        PORT_CLOSED(sim -> sim.outage(true), AttemptOutcome.NETWORK);

        final Consumer<ProviderSim> inject;
        final AttemptOutcome seen;

        PrimaryFailure(Consumer<ProviderSim> inject, AttemptOutcome seen) {
            this.inject = inject;
            this.seen = seen;
        }
    }

    @ParameterizedTest
    @EnumSource(PrimaryFailure.class)
    void shouldServeEveryRequestThroughTheSecondaryWhenThePrimaryFails(PrimaryFailure failure, KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker)) {
            // Given
            RouterWorker worker = stack.startWorker("w-" + failure.name().toLowerCase());
            failure.inject.accept(stack.primary);

            // When
            List<String> ids = PacedLoad.send(stack, failure.name(), 300, 60);
            stack.awaitResults(ids, Duration.ofSeconds(60));

            // Then: all succeed, none from the primary
            List<PromptResult> results = stack.firstResults(ids);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.getStatus()).as(r.getRequestId()).isEqualTo(ResultStatus.SUCCESS);
                assertThat(r.getProvider()).isEqualTo("secondary");
            });
            Set<AttemptOutcome> primaryOutcomes = results.stream().flatMap(r -> r.getAttempts().stream())
                    .filter(a -> a.getProvider().equals("primary")).map(a -> a.getOutcome()).collect(Collectors.toSet());
            assertThat(primaryOutcomes).contains(failure.seen, AttemptOutcome.SKIPPED_COOLDOWN);
            assertThat(worker.cooldownStates()).containsEntry("primary", "OPEN");
            long p95 = WorkerStack.percentile(results, 0.95);
            LOGGER.info("failover test: failure={} requests={} p95_ms={} max_ms={}", failure, results.size(), p95,
                    WorkerStack.percentile(results, 1.0));
            assertThat(p95).as("p95 of queue + latency during the outage, ms").isLessThan(2_500);
        }
    }
}
