package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CacheConfig;
import dev.keel.config.CooldownConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.RetryConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.ProviderClient;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.budget.BudgetLedgers;
import dev.keel.router.budget.TokenCounter;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.ResponseCaches;
import dev.keel.router.control.ControlState;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheMode;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    private final List<Duration> pauses = new ArrayList<>();
    private final ScriptedProvider primary = new ScriptedProvider("primary");
    private final ScriptedProvider secondary = new ScriptedProvider("secondary");
    private ControlState control;
    private ProviderCooldowns cooldowns;
    private ResponseCache cache;
    private BudgetLedger ledger;
    private Router router;
    private SimpleMeterRegistry meters;
    private int sequence;

    private static ProviderConfig provider(ProviderKind kind, String model, double input, double output) {
        return new ProviderConfig(kind, URI.create("http://127.0.0.1:1"), null, model, null,
                Map.of(model, ModelPrice.of(input, output)), null, null, null, null);
    }

    @BeforeEach
    void setUp() {
        build(RoutingConfig.defaults(), BudgetConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        cache.close();
        ledger.close();
    }

    private void build(RoutingConfig routing, BudgetConfig budgetConfig) {
        ProvidersConfig providers = new ProvidersConfig(provider(ProviderKind.OPENAI, "gpt-x", 0.15, 0.60),
                provider(ProviderKind.ANTHROPIC, "claude-x", 1.0, 5.0));
        meters = new SimpleMeterRegistry();
        control = new ControlState(false, Set.of("primary", "secondary"), name -> null, clock);
        cooldowns = new ProviderCooldowns(List.of("primary", "secondary"), routing.cooldown(), clock, meters);
        cache = ResponseCaches.create(CacheConfig.defaults(), clock, meters);
        ledger = BudgetLedgers.create(budgetConfig, CacheConfig.defaults(), clock, meters);
        BudgetGate gate = new BudgetGate(budgetConfig, new TokenCounter(), ledger, clock, meters);
        Map<String, ProviderClient> clients = new LinkedHashMap<>();
        clients.put("primary", primary);
        clients.put("secondary", secondary);
        Pause recording = duration -> {
            pauses.add(duration);
            clock.advance(duration);
        };
        router = new Router(clients, new RouterSettings(providers, routing, budgetConfig), new RoutePlanner(providers, routing, new Random(7)),
                cooldowns, gate, ledger, cache, control, recording, meters, clock);
    }

    private PromptRequest request(UnaryOperator<PromptRequest.Builder> change) {
        return change.apply(PromptRequest.newBuilder().setRequestId("r" + (++sequence)).setTenantId("acme").setFeature("summarize")
                .setMessages(List.of(new ChatMessage(MessageRole.user, "Summarize the quarterly report.")))).build();
    }

    private PromptResult serve(PromptRequest request) throws InterruptedException {
        return serve(request, false);
    }

    private PromptResult serve(PromptRequest request, boolean bypass) throws InterruptedException {
        RequestContext context = new RequestContext("w1", "llm.requests", 0, sequence, Lane.INTERACTIVE,
                clock.millis() - 5, clock.millis(), bypass);
        return router.process(request, context);
    }

    /** Serves a request whose first provider call takes {@code firstCall} of (mutable) clock time. */
    private PromptResult serveAfter(PromptRequest request, Duration firstCall) throws InterruptedException {
        primary.onFirstCall = () -> clock.advance(firstCall);
        return serve(request);
    }

    private static List<String> outcomes(PromptResult result) {
        return result.getAttempts().stream().map(a -> a.getProvider() + ":" + a.getOutcome()).toList();
    }

    @Test
    void shouldAnswerFromThePrimaryAndWriteTheCache() throws Exception {
        PromptResult result = serve(request(b -> b));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(result.getCache()).isEqualTo(CacheOutcome.MISS);
        assertThat(outcomes(result)).containsExactly("primary:OK");
        // 100 input at $0.15/M + 20 output at $0.60/M
        assertThat(result.getCostUsd()).isEqualTo(0.000027);
        assertThat(result.getQueueMs()).isEqualTo(5);
        assertThat(result.getTtftMs()).isEqualTo(120);
    }

    @Test
    void shouldServeARepeatFromTheCacheWithoutCallingAProvider() throws Exception {
        serve(request(b -> b));

        PromptResult again = serve(request(b -> b));

        assertThat(again.getCache()).isEqualTo(CacheOutcome.HIT);
        assertThat(again.getCostUsd()).isZero();
        assertThat(again.getAttempts()).isEmpty();
        assertThat(primary.calls).hasSize(1);
    }

    @Test
    void shouldSkipTheCacheReadButStillWriteForCacheBypass() throws Exception {
        PromptResult first = serve(request(b -> b.setCache(CacheMode.BYPASS)));
        PromptResult second = serve(request(b -> b.setCache(CacheMode.BYPASS)));
        PromptResult third = serve(request(b -> b));

        assertThat(first.getCache()).isEqualTo(CacheOutcome.NONE);
        assertThat(second.getCache()).isEqualTo(CacheOutcome.NONE);
        assertThat(third.getCache()).isEqualTo(CacheOutcome.HIT);
        assertThat(primary.calls).hasSize(2);
    }

    @Test
    void shouldRetryOnceInGroupThenSucceedOnThePrimary() throws Exception {
        primary.then(AttemptOutcome.SERVER_ERROR);

        PromptResult result = serve(request(b -> b));

        assertThat(outcomes(result)).containsExactly("primary:SERVER_ERROR", "primary:OK");
        assertThat(result.getProvider()).isEqualTo("primary");
        assertThat(pauses).containsExactly(RetryConfig.DEFAULT_BACKOFF);
    }

    @Test
    void shouldFailOverAfterTheInGroupRetryIsSpent() throws Exception {
        primary.then(AttemptOutcome.OVERLOADED).then(AttemptOutcome.OVERLOADED);

        PromptResult result = serve(request(b -> b));

        assertThat(outcomes(result)).containsExactly("primary:OVERLOADED", "primary:OVERLOADED", "secondary:OK");
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getProvider()).isEqualTo("secondary");
        assertThat(result.getModel()).isEqualTo("claude-x");
    }

    @Test
    void shouldFailOverAtOnceAfterATtftTimeoutRatherThanWaitASecondOne() throws Exception {
        // Given: the primary stalls; a retry would start 2 s in and could only end past the 2.5 s budget
        primary.then(AttemptOutcome.TTFT_TIMEOUT);

        // When: the stalled call took its full TTFT timeout
        PromptResult result = serveAfter(request(b -> b), Duration.ofSeconds(2));

        // Then
        assertThat(outcomes(result)).containsExactly("primary:TTFT_TIMEOUT", "secondary:OK");
        assertThat(primary.calls).hasSize(1);
    }

    @Test
    void shouldRetryATtftTimeoutInGroupWhenThereIsNowhereToFailOver() throws Exception {
        primary.then(AttemptOutcome.TTFT_TIMEOUT);

        PromptResult result = serveAfter(request(b -> b.setFailover(false)), Duration.ofSeconds(2));

        assertThat(outcomes(result)).containsExactly("primary:TTFT_TIMEOUT", "primary:OK");
    }

    @Test
    void shouldHonourRetryAfterUpToTheCapWhenThereIsNowhereToFailOver() throws Exception {
        primary.thenRateLimited(Duration.ofMillis(700));
        serve(request(b -> b.setFailover(false)));
        assertThat(pauses).containsExactly(Duration.ofMillis(700));

        pauses.clear();
        primary.thenRateLimited(Duration.ofSeconds(30));
        PromptResult capped = serve(request(b -> b.setFailover(false).setMessages(List.of(new ChatMessage(MessageRole.user, "another")))));

        assertThat(pauses).containsExactly(RetryConfig.DEFAULT_RETRY_AFTER_CAP);
        assertThat(outcomes(capped)).containsExactly("primary:RATE_LIMITED", "primary:OK");
    }

    @Test
    void shouldFailOverRatherThanWaitALongRetryAfter() throws Exception {
        primary.thenRateLimited(Duration.ofSeconds(2));

        PromptResult result = serve(request(b -> b));

        assertThat(pauses).isEmpty();
        assertThat(outcomes(result)).containsExactly("primary:RATE_LIMITED", "secondary:OK");
    }

    @Test
    void shouldNotWaitForARetryPastTheDeadline() throws Exception {
        primary.thenRateLimited(Duration.ofSeconds(2));
        long deadline = clock.millis() + 1_000;

        PromptResult result = serve(request(b -> b.setDeadlineMs(deadline)));

        assertThat(pauses).isEmpty();
        assertThat(outcomes(result)).containsExactly("primary:RATE_LIMITED", "secondary:OK");
    }

    @Test
    void shouldFailOverAtOnceOnAuthAndCoolThePrimaryDown() throws Exception {
        primary.always(AttemptOutcome.AUTH);

        PromptResult first = serve(request(b -> b));
        PromptResult second = serve(request(b -> b.setMessages(List.of(new ChatMessage(MessageRole.user, "second")))));

        assertThat(outcomes(first)).containsExactly("primary:AUTH", "secondary:OK");
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(outcomes(second)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:OK");
        assertThat(primary.calls).hasSize(1);
    }

    @Test
    void shouldProbeACooledProviderAfterOpenForAndBringItBack() throws Exception {
        primary.then(AttemptOutcome.AUTH);
        serve(request(b -> b));
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(CooldownConfig.DEFAULT_OPEN_FOR);
        PromptResult atOpenFor = serve(request(b -> b.setMessages(List.of(new ChatMessage(MessageRole.user, "at open-for")))));
        clock.advance(Duration.ofMillis(1));
        PromptResult probe = serve(request(b -> b.setMessages(List.of(new ChatMessage(MessageRole.user, "probe 1")))));
        serve(request(b -> b.setMessages(List.of(new ChatMessage(MessageRole.user, "probe 2")))));

        assertThat(outcomes(atOpenFor)).containsExactly("primary:SKIPPED_COOLDOWN", "secondary:OK");
        assertThat(outcomes(probe)).containsExactly("primary:OK");
        assertThat(cooldowns.state("primary")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldNotFailOverABadRequest() throws Exception {
        primary.then(AttemptOutcome.BAD_REQUEST);

        PromptResult result = serve(request(b -> b));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getError().getCode()).isEqualTo("BAD_REQUEST");
        assertThat(outcomes(result)).containsExactly("primary:BAD_REQUEST");
        assertThat(secondary.calls).isEmpty();
    }

    @Test
    void shouldStayOnTheFirstProviderWhenTheRequestOptsOutOfFailover() throws Exception {
        primary.always(AttemptOutcome.SERVER_ERROR);

        PromptResult result = serve(request(b -> b.setFailover(false)));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getError().getCode()).isEqualTo("ALL_PROVIDERS_FAILED");
        assertThat(result.getError().getMessage()).isEqualTo("every provider failed: primary SERVER_ERROR, SERVER_ERROR");
        assertThat(secondary.calls).isEmpty();
    }

    @Test
    void shouldTryAPinnedProviderFirst() throws Exception {
        PromptResult result = serve(request(b -> b.setPin("secondary")));

        assertThat(outcomes(result)).containsExactly("secondary:OK");
    }

    @Test
    void shouldSkipADisabledProvider() throws Exception {
        control.apply("provider.primary.disabled", new dev.keel.schemas.ControlCommand("provider.primary.disabled", "true", "me", 0L));

        PromptResult result = serve(request(b -> b));

        assertThat(outcomes(result)).containsExactly("secondary:OK");
        assertThat(primary.calls).isEmpty();
    }

    @Test
    void shouldServeAStaleAnswerWhenEveryProviderFails() throws Exception {
        // Given: an answer from an hour and a minute ago, past the 1 h TTL but inside the 24 h stale window
        serve(request(b -> b));
        clock.advance(Duration.ofMinutes(61));
        primary.always(AttemptOutcome.NETWORK);
        secondary.always(AttemptOutcome.NETWORK);

        // When
        PromptResult result = serve(request(b -> b));

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getCache()).isEqualTo(CacheOutcome.STALE);
        assertThat(result.getOutput()).isEqualTo("answer from primary");
        assertThat(outcomes(result)).containsExactly("primary:NETWORK", "primary:NETWORK", "secondary:NETWORK", "secondary:NETWORK");
        assertThat(cache.stats().staleServes()).isEqualTo(1);
    }

    @Test
    void shouldFailWhenEveryProviderFailsAndNothingIsCached() throws Exception {
        primary.always(AttemptOutcome.OVERLOADED);
        secondary.always(AttemptOutcome.PROTOCOL);

        PromptResult result = serve(request(b -> b));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getError().getMessage()).isEqualTo("every provider failed: primary OVERLOADED, OVERLOADED; secondary PROTOCOL");
    }

    @Test
    void shouldNotCallAnyProviderWhenTheDeadlineHasPassed() throws Exception {
        PromptResult result = serve(request(b -> b.setDeadlineMs(clock.millis() - 250)));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getError().getCode()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(result.getError().getMessage()).isEqualTo("the deadline passed 250 ms before a worker picked the request up");
        assertThat(primary.calls).isEmpty();
    }

    @Test
    void shouldGoStraightToThePrimaryInBypass() throws Exception {
        primary.then(AttemptOutcome.SERVER_ERROR);
        serve(request(b -> b));
        primary.then(AttemptOutcome.SERVER_ERROR);

        PromptResult result = serve(request(b -> b), true);

        assertThat(result.getBypass()).isTrue();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(outcomes(result)).containsExactly("primary:SERVER_ERROR");
        assertThat(result.getCache()).isEqualTo(CacheOutcome.NONE);
        assertThat(secondary.calls).isEmpty();
    }

    @Test
    void shouldRejectARequestOverEveryLimitNamingTheLimit() throws Exception {
        build(RoutingConfig.defaults(), new BudgetConfig(new BigDecimal("0.10"), 5, null, null, List.of(), null, null, null));

        PromptResult result = serve(request(b -> b));

        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getError().getCode()).isEqualTo("BUDGET_MAX_INPUT_TOKENS");
        assertThat(result.getError().getMessage()).startsWith("budget.max-input-tokens:");
        assertThat(primary.calls).isEmpty();
        assertThat(secondary.calls).isEmpty();
    }

    @Test
    void shouldAnswerAfterTruncatingTheContext() throws Exception {
        // Given: a conversation that is over the input cap until its oldest turns are dropped
        build(RoutingConfig.defaults(), new BudgetConfig(new BigDecimal("0.10"), 60, null, null, null, null, null, null));
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            turns.add(new ChatMessage(i % 2 == 0 ? MessageRole.user : MessageRole.assistant, "turn " + i + " with a few more words in it"));
        }
        turns.add(new ChatMessage(MessageRole.user, "And the answer?"));

        // When
        PromptResult result = serve(request(b -> b.setMessages(turns)));

        // Then
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getDegradations()).containsExactly(dev.keel.schemas.Degradation.TRUNCATED_CONTEXT);
        assertThat(primary.calls.getFirst().messages().size()).isLessThan(turns.size());
        assertThat(primary.calls.getFirst().messages().getLast().content()).isEqualTo("And the answer?");
    }
}
