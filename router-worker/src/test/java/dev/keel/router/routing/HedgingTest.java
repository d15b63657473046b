package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CooldownConfig;
import dev.keel.config.HedgingConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.testbase.MutableClock;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hedged first tries through the whole router, on providers that stream on command (latches, no timing):
 * the delay is 1 ms, so a provider held before its first token is always hedged.
 */
class HedgingTest {

    private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StreamingProvider primary = new StreamingProvider("primary");
    private final StreamingProvider secondary = new StreamingProvider("secondary");
    private TwoProviderRouter stack;

    private static HedgingConfig hedging(float maxShare) {
        return new HedgingConfig(true, 99f, Duration.ofMillis(1), Duration.ofMillis(1), null, null, maxShare, null);
    }

    private void build(HedgingConfig hedging, CooldownConfig cooldown) {
        RoutingConfig routing = RoutingConfig.defaults().withHedging(hedging).withCooldown(cooldown);
        stack = new TwoProviderRouter(primary, secondary, routing, BudgetConfig.defaults(), clock, meters);
    }

    @AfterEach
    void tearDown() {
        stack.close();
    }

    private PromptResult serve(String prompt) throws InterruptedException {
        PromptRequest request = PromptRequest.newBuilder().setRequestId("r-" + prompt).setTenantId("acme").setFeature("f")
                .setMessages(List.of(new ChatMessage(MessageRole.user, prompt))).build();
        return stack.router.process(request, new RequestContext("w1", "llm.requests", 0, 1, Lane.INTERACTIVE,
                clock.millis(), clock.millis(), false));
    }

    private CompletableFuture<PromptResult> serveAsync(String prompt) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return serve(prompt);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private double hedges(String result) {
        var counter = meters.find("keel.router.hedges").tags("provider", "primary", "result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldServeTheHedgeAndCancelAStalledPrimary() throws Exception {
        build(hedging(100), CooldownConfig.defaults());
        secondary.streaming();

        PromptResult result = serve("stalled primary");

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getProvider()).isEqualTo("secondary");
        assertThat(primary.cancelled.getCount()).as("the primary's exchange was cancelled").isZero();
        List<Attempt> attempts = result.getAttempts();
        assertThat(attempts).extracting(a -> a.getProvider() + ":" + a.getOutcome())
                .containsExactly("primary:TTFT_TIMEOUT", "secondary:OK");
        assertThat(attempts.getFirst().getDetail()).startsWith(HedgedCall.CANCELLED_DETAIL + "secondary streamed first");
        assertThat(attempts.getFirst().getCostUsd()).as("a cancelled call is billed its prompt").isPositive();
        assertThat(attempts.get(1).getCostUsd()).isPositive();
        assertThat(result.getCostUsd()).isEqualTo(attempts.getFirst().getCostUsd() + attempts.get(1).getCostUsd(),
                org.assertj.core.api.Assertions.within(1e-8));
        assertThat(hedges("won")).isEqualTo(1);
        assertThat(primary.threads).as("the first try runs on the request's thread").noneMatch(name -> name.startsWith("keel-hedge-"));
        assertThat(secondary.threads).as("the hedge on a thread of its own").allMatch(name -> name.startsWith("keel-hedge-"));
    }

    @Test
    void shouldKeepThePrimaryWhenItStreamsFirstAndLeaveTheLateHedgeUnheard() throws Exception {
        // a breaker that opens on one failure: a hedge cancelled for starting late must not count as one
        build(hedging(100), new CooldownConfig(true, 1, 1, 50f, null, null));
        CompletableFuture<PromptResult> pending = serveAsync("slow primary");
        assertThat(secondary.started.await(30, TimeUnit.SECONDS)).as("the hedge started").isTrue();
        primary.firstToken.countDown();
        assertThat(secondary.cancelled.await(30, TimeUnit.SECONDS)).as("the hedge was cancelled").isTrue();
        primary.finish.countDown();

        PromptResult result = pending.get(30, TimeUnit.SECONDS);

        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(result.getAttempts()).extracting(a -> a.getProvider() + ":" + a.getOutcome())
                .containsExactly("primary:OK", "secondary:TTFT_TIMEOUT");
        assertThat(result.getAttempts().get(1).getDetail()).startsWith(HedgedCall.CANCELLED_DETAIL + "primary streamed first");
        assertThat(hedges("lost")).isEqualTo(1);
        assertThat(stack.cooldowns.state("secondary")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldNotHedgeToAProviderInCooldown() throws Exception {
        build(hedging(100), CooldownConfig.defaults());
        stack.cooldowns.tryEnter("secondary").orElseThrow().record(AttemptOutcome.AUTH, Duration.ZERO); // opens at once
        CompletableFuture<PromptResult> pending = serveAsync("cooling secondary");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hedges("cooling")).isEqualTo(1));
        primary.streaming();

        PromptResult result = pending.get(30, TimeUnit.SECONDS);

        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(result.getAttempts()).extracting(a -> a.getProvider() + ":" + a.getOutcome()).containsExactly("primary:OK");
        assertThat(secondary.threads).isEmpty();
    }

    @Test
    void shouldNotHedgeOverTheShareCap() throws Exception {
        build(hedging(0), CooldownConfig.defaults());
        CompletableFuture<PromptResult> pending = serveAsync("capped");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hedges("capped")).isEqualTo(1));
        primary.streaming();

        PromptResult result = pending.get(30, TimeUnit.SECONDS);

        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(secondary.threads).isEmpty();
    }

    @Test
    void shouldCancelTheHedgeAndThrowWhenTheRequestThreadIsInterruptedDuringTheRace() throws Exception {
        build(hedging(100), CooldownConfig.defaults());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread request = Thread.ofVirtual().start(() -> {
            try {
                serve("interrupted");
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertThat(secondary.started.await(30, TimeUnit.SECONDS)).as("the hedge started").isTrue();

        request.interrupt();

        assertThat(request.join(Duration.ofSeconds(30))).as("the request thread ended").isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(primary.cancelled.getCount()).as("the first try's exchange was cancelled").isZero();
        assertThat(secondary.cancelled.getCount()).as("the hedge's exchange was cancelled").isZero();
    }

    @Test
    void shouldCallOnTheRequestThreadWhenHedgingIsOff() throws Exception {
        build(HedgingConfig.off(), CooldownConfig.defaults());
        primary.streaming();

        PromptResult result = serve("no hedging");

        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(primary.threads).noneMatch(name -> name.startsWith("keel-hedge-"));
        assertThat(meters.find("keel.router.hedges").counters()).isEmpty();
    }
}
