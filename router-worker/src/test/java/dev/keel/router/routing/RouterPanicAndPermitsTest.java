package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CooldownConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testbase.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Panic mode (every provider cooling down) and cooldown permits given back on every path. */
class RouterPanicAndPermitsTest {

    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScriptedProvider primary = new ScriptedProvider("primary");
    private final ScriptedProvider secondary = new ScriptedProvider("secondary");
    private TwoProviderRouter fixture;
    private ProviderCooldowns cooldowns;
    private Router router;
    private int sequence;

    /** Breakers that open after 2 failed calls of 2 and probe with one request. */
    private void build() {
        CooldownConfig cooldown = new CooldownConfig(true, 2, 2, 50f, Duration.ofSeconds(30), 1);
        fixture = new TwoProviderRouter(primary, secondary, RoutingConfig.defaults().withCooldown(cooldown), BudgetConfig.defaults(),
                clock, meters);
        cooldowns = fixture.cooldowns;
        router = fixture.router;
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private PromptResult serve(String prompt) throws InterruptedException {
        return serve(prompt, null);
    }

    private PromptResult serve(String prompt, String pin) throws InterruptedException {
        PromptRequest request = PromptRequest.newBuilder().setRequestId("r" + (++sequence)).setTenantId("acme").setFeature("f")
                .setPin(pin).setMessages(List.of(new ChatMessage(MessageRole.user, prompt))).build();
        return router.process(request, new RequestContext("w1", "llm.requests", 0, sequence, Lane.INTERACTIVE,
                clock.millis(), clock.millis(), false));
    }

    private static List<String> outcomes(PromptResult result) {
        return result.getAttempts().stream().map(a -> a.getProvider() + ":" + a.getOutcome()).toList();
    }

    @Test
    void shouldSendTheRequestToTheProviderThatCooledFirstWhenEveryProviderIsCoolingDown() throws Exception {
        // Given: the secondary cools down first (auth), a second later the primary (two server errors)
        build();
        secondary.then(AttemptOutcome.AUTH);
        serve("one", "secondary");
        clock.advance(Duration.ofSeconds(1));
        primary.always(AttemptOutcome.SERVER_ERROR);
        PromptResult second = serve("two", null); // the primary failed and the secondary was cooling: served in panic
        assertThat(outcomes(second)).containsExactly("primary:SERVER_ERROR", "primary:SKIPPED_COOLDOWN", "secondary:SKIPPED_COOLDOWN",
                "secondary:OK");
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(cooldowns.state("secondary")).isEqualTo(CircuitBreaker.State.OPEN);
        int secondaryCalls = secondary.calls.size();

        // When
        PromptResult result = serve("three", null);

        // Then: served in panic by the provider whose breaker opened first, and the result says so
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getProvider()).isEqualTo("secondary");
        assertThat(outcomes(result)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:SKIPPED_COOLDOWN", "secondary:OK");
        assertThat(result.getAttempts().getLast().getDetail()).isEqualTo(AttemptRecords.PANIC_DETAIL);
        assertThat(secondary.calls).hasSize(secondaryCalls + 1);
        assertThat(meters.get("keel.router.panic").tag("provider", "secondary").counter().count()).isEqualTo(2);
        // The breaker did not hear of the panic call: its half-open probes still decide
        assertThat(cooldowns.state("secondary")).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void shouldTryTheNextCoolingProviderWhenThePanicCallFails() throws Exception {
        // Given: the secondary cooled down first (auth, from a cold start, say), then the primary's port closed
        build();
        secondary.then(AttemptOutcome.AUTH);
        serve("one", "secondary");
        clock.advance(Duration.ofSeconds(1));
        primary.always(AttemptOutcome.NETWORK);
        serve("two", null);
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(cooldowns.state("secondary")).isEqualTo(CircuitBreaker.State.OPEN);
        secondary.then(AttemptOutcome.SERVER_ERROR); // its panic call fails once, then it answers again

        // When
        PromptResult failedFirst = serve("three", null);
        PromptResult answered = serve("four", null);

        // Then: the panic walks on to the primary (still down), and next time the secondary answers in panic
        assertThat(outcomes(failedFirst)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:SKIPPED_COOLDOWN",
                "secondary:SERVER_ERROR", "primary:NETWORK");
        assertThat(failedFirst.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(outcomes(answered)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:SKIPPED_COOLDOWN", "secondary:OK");
        // (request two went to the secondary in panic too, after the primary's failure)
        assertThat(meters.get("keel.router.panic").tag("provider", "secondary").counter().count()).isEqualTo(3);
        assertThat(meters.get("keel.router.panic").tag("provider", "primary").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldAnswerFromTheSecondPanicCallWhenTheFirstProviderIsStillDown() throws Exception {
        // Given: the primary cooled down first, then the secondary; the primary is still down, the secondary is back
        build();
        primary.always(AttemptOutcome.SERVER_ERROR);
        secondary.then(AttemptOutcome.AUTH);
        serve("one", "primary");
        clock.advance(Duration.ofSeconds(1));
        serve("two", "secondary");
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(cooldowns.state("secondary")).isEqualTo(CircuitBreaker.State.OPEN);

        // When
        PromptResult result = serve("three", null);

        // Then: served, by the second panic call
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getProvider()).isEqualTo("secondary");
        assertThat(outcomes(result)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:SKIPPED_COOLDOWN",
                "primary:SERVER_ERROR", "secondary:OK");
        assertThat(result.getAttempts().get(2).getDetail()).startsWith(AttemptRecords.PANIC_DETAIL + "; ");
        assertThat(result.getAttempts().get(3).getDetail()).isEqualTo(AttemptRecords.PANIC_DETAIL);
    }

    @Test
    void shouldTryTheProviderSkippedInCooldownBeforeFailingWhenTheOthersFailed() throws Exception {
        // Given: the primary cooled down (auth, from a cold start, say); the secondary now times out
        build();
        primary.then(AttemptOutcome.AUTH);
        serve("one", "primary");
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
        secondary.always(AttemptOutcome.TTFT_TIMEOUT);

        // When
        PromptResult result = serve("two", null);

        // Then: the request is not failed with the primary untried: it is served in panic by the primary
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(outcomes(result).getFirst()).isEqualTo("primary:SKIPPED_COOLDOWN");
        assertThat(outcomes(result)).contains("secondary:TTFT_TIMEOUT");
        assertThat(outcomes(result).getLast()).isEqualTo("primary:OK");
        assertThat(result.getAttempts().getLast().getDetail()).isEqualTo(AttemptRecords.PANIC_DETAIL);
        assertThat(meters.get("keel.router.panic").tag("provider", "primary").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldNotCallAProviderInCooldownWhenAnotherAnswers() throws Exception {
        build();
        primary.then(AttemptOutcome.AUTH);
        serve("one", "primary");

        PromptResult result = serve("two", null);

        assertThat(outcomes(result)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:OK");
        assertThat(meters.find("keel.router.panic").counters()).isEmpty();
    }

    @Test
    void shouldFailWithTheRealOutcomesWhenEveryPanicCallFailsToo() throws Exception {
        build();
        primary.always(AttemptOutcome.TTFT_TIMEOUT);
        secondary.always(AttemptOutcome.TTFT_TIMEOUT);
        serve("one");

        PromptResult result = serve("two");

        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(outcomes(result)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:SKIPPED_COOLDOWN",
                "primary:TTFT_TIMEOUT", "secondary:TTFT_TIMEOUT");
        assertThat(result.getAttempts().get(2).getDetail()).startsWith(AttemptRecords.PANIC_DETAIL + "; ");
        assertThat(result.getAttempts().getLast().getDetail()).startsWith(AttemptRecords.PANIC_DETAIL + "; ");
    }

    @Test
    void shouldReleaseTheHalfOpenPermitWhenTheClientThrows() throws Exception {
        // Given: the primary cooled down (auth), its one half-open probe permit due
        build();
        primary.then(AttemptOutcome.AUTH);
        serve("one");
        clock.advance(Duration.ofSeconds(31));
        primary.onFirstCall = () -> {
            throw new IllegalStateException("client bug");
        };

        // When: the probe's call throws
        assertThatThrownBy(() -> serve("probe")).isInstanceOf(IllegalStateException.class);

        // Then: the permit came back, so the next request can still probe and bring the primary back
        PromptResult next = serve("next");
        assertThat(outcomes(next)).containsExactly("primary:OK");
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldReleaseThePermitWhenTheProviderRefusesTheRequestAsBad() throws Exception {
        build();
        primary.then(AttemptOutcome.AUTH);
        serve("one");
        clock.advance(Duration.ofSeconds(31));
        primary.then(AttemptOutcome.BAD_REQUEST);

        PromptResult bad = serve("bad");
        PromptResult next = serve("next");

        assertThat(bad.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(bad.getError().getCode()).isEqualTo("BAD_REQUEST");
        assertThat(outcomes(next)).containsExactly("primary:OK");
        assertThat(next.getCache()).isEqualTo(CacheOutcome.MISS);
    }
}
