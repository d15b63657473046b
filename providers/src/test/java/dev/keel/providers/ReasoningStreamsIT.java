package dev.keel.providers;

import dev.keel.config.ProviderKind;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.sim.Faults;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reasoning model streams thinking before its answer: Anthropic {@code thinking_delta}, OpenAI-compatible
 * {@code reasoning_content}. Against provider-sim in both dialects: reasoning meets the TTFT deadline, the
 * answer holds no reasoning text, and {@code ttft} is the first content token, after the reasoning.
 */
class ReasoningStreamsIT {

    private static final String KEY = "sk-reasoning-it-0123456789";
    /** A 1 s TTFT limit against 1.5 s of reasoning before the first content token. */
    private static final CallTimeouts TIMEOUTS = new CallTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final long REASONING_MS = 1_500;
    private static ProviderSim sim;
    private static SimBackedClients clients;

    @BeforeAll
    static void start() {
        sim = ProviderSim.start(SimSettings.defaults("reasoning-it").withAcceptedKeys(List.of(KEY)));
        clients = new SimBackedClients(sim, KEY, null);
    }

    @AfterAll
    static void stop() {
        clients.close();
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.reset();
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void shouldCountReasoningAsLivenessButTimeTtftFromTheFirstContentToken(ProviderKind kind) {
        // Given
        sim.setFaults(Faults.NONE.withReasoning(1.0, REASONING_MS));
        long reasonedBefore = sim.stats().answers().getOrDefault("reasoning", 0L);

        // When
        ProviderReply reply = clients.of(kind).call(SimBackedClients.call(kind, true, TIMEOUTS));

        // Then
        assertThat(reply.outcome()).as("%s", reply).isEqualTo(AttemptOutcome.OK);
        assertThat(reply.ttft()).isGreaterThanOrEqualTo(Duration.ofMillis(REASONING_MS));
        assertThat(reply.output()).isNotBlank().doesNotContain("Thinking about the question", "step 1");
        assertThat(sim.stats().answers()).containsEntry("reasoning", reasonedBefore + 1);
    }

    @ParameterizedTest
    @EnumSource(ProviderKind.class)
    void shouldStillTimeOutWhenNothingButStartEventsArriveBeforeTheDeadline(ProviderKind kind) {
        // Given: a stall before any reasoning or content
        sim.setFaults(Faults.NONE.withTtftStall(1.0, 3_000).withReasoning(1.0, REASONING_MS));

        // When
        ProviderReply reply = clients.of(kind).call(SimBackedClients.call(kind, true, TIMEOUTS));

        // Then
        assertThat(reply.outcome()).isEqualTo(AttemptOutcome.TTFT_TIMEOUT);
    }
}
