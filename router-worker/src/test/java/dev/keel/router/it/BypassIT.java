package dev.keel.router.it;

import dev.keel.router.RouterWorker;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.PromptResult;
import dev.keel.sim.Faults;
import dev.keel.sim.Protocol;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bypass switch, flipped both ways at run time through keel.control, reaches every worker. */
@ExtendWith(KafkaBrokerExtension.class)
class BypassIT {

    @Test
    void shouldSendEverythingStraightToThePrimaryWhileBypassIsOnAndRouteAgainWhenOff(KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker)) {
            // Given: two workers, and a primary that fails every call
            RouterWorker first = stack.startWorker("w1");
            RouterWorker second = stack.startWorker("w2");
            stack.primary.setFaults(Protocol.OPENAI, Faults.NONE.withErrors(1.0, 503));

            // When: bypass on
            publish(stack, "true");
            await().atMost(Duration.ofSeconds(5)).until(() -> first.control().bypass() && second.control().bypass());
            List<String> during = PacedLoad.send(stack, "bypass-on", 40, 100);
            stack.awaitResults(during, Duration.ofSeconds(30));

            // Then: no failover, no retry: the primary's failure is the result
            assertThat(stack.firstResults(during)).allSatisfy(r -> {
                assertThat(r.getBypass()).isTrue();
                assertThat(r.getAttempts()).hasSize(1);
                assertThat(r.getAttempts().getFirst().getProvider()).isEqualTo("primary");
            });

            // When: bypass off
            publish(stack, "false");
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.control().bypass() && !second.control().bypass());
            List<String> after = PacedLoad.send(stack, "bypass-off", 40, 100);
            stack.awaitResults(after, Duration.ofSeconds(30));

            // Then: Keel's routing is back, and serves through the secondary
            assertThat(stack.firstResults(after)).allSatisfy(r -> {
                assertThat(r.getBypass()).isFalse();
                assertThat(r.getProvider()).isEqualTo("secondary");
            });
            assertThat(first.control().lastApplyLagMs()).isBetween(0L, 5_000L);
        }
    }

    @Test
    void shouldStartInBypassFromTheCompactedHistory(KafkaBroker broker) throws Exception {
        try (WorkerStack stack = WorkerStack.start(broker)) {
            // Given: bypass was switched on before the worker existed
            publish(stack, "true");

            // When
            RouterWorker late = stack.startWorker("late");
            List<String> ids = PacedLoad.send(stack, "late", 5, 50);
            stack.awaitResults(ids, Duration.ofSeconds(30));

            // Then: it read the switch before serving its first request
            assertThat(late.control().bypass()).isTrue();
            assertThat(stack.firstResults(ids)).extracting(PromptResult::getBypass).containsOnly(true);
        }
    }

    private static void publish(WorkerStack stack, String value) {
        ControlCommand command = new ControlCommand("bypass", value, "it", System.currentTimeMillis());
        stack.sendRaw(stack.topics.control().name(), "bypass", stack.topics.control().valueSerde().serializer()
                .serialize(stack.topics.control().name(), command));
        stack.flush();
    }
}
