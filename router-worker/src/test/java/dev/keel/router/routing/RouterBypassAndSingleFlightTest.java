package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.RoutingConfig;
import dev.keel.config.TenantBudget;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.budget.Reservation;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bypass keeps its two guardrails; identical requests in flight share one provider call. */
class RouterBypassAndSingleFlightTest {

    private static final int MAX_OUTPUT_TOKENS = 512;

    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScriptedProvider primary = new ScriptedProvider("primary");
    private final ScriptedProvider secondary = new ScriptedProvider("secondary");
    private TwoProviderRouter fixture;
    private BudgetLedger ledger;
    private Router router;
    private int sequence;

    /** acme may spend $0.001 a day; one scripted answer (100 in at $1/M, 20 out at $2/M) costs $0.00014. */
    private void build() {
        BudgetConfig budget = new BudgetConfig(new BigDecimal("1"), null, MAX_OUTPUT_TOKENS, 256, null,
                Map.of("acme", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("0.001"))), null, null);
        fixture = new TwoProviderRouter(primary, secondary, RoutingConfig.defaults(), budget, clock, meters);
        ledger = fixture.ledger;
        router = fixture.router;
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private PromptRequest request(String prompt, Integer maxOutputTokens) {
        return PromptRequest.newBuilder().setRequestId("r" + (++sequence)).setTenantId("acme").setFeature("f")
                .setMaxOutputTokens(maxOutputTokens).setMessages(List.of(new ChatMessage(MessageRole.user, prompt))).build();
    }

    private PromptResult serve(PromptRequest request, boolean bypass) throws InterruptedException {
        return router.process(request, new RequestContext("w1", "llm.requests", 0, 0, Lane.INTERACTIVE, clock.millis(),
                clock.millis(), bypass));
    }

    @Test
    void shouldCapOutputTokensAndChargeTheTenantWhenInBypass() throws Exception {
        // Given
        build();

        // When
        PromptResult result = serve(request("Summarize the report.", 100_000), true);

        // Then: the call asked for at most budget.max-output-tokens, and the spend is on acme's ledger
        assertThat(result.getBypass()).isTrue();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(primary.calls.getFirst().maxOutputTokens()).isEqualTo(MAX_OUTPUT_TOKENS);
        assertThat(result.getCostUsd()).isEqualTo(0.00014);
        Reservation probe = ledger.reserve("acme", new BigDecimal("0.00090"));
        assertThat(probe.granted()).isFalse();
        assertThat(probe.spentUsd()).isEqualByComparingTo("0.00014");
    }

    @Test
    void shouldStillServeInBypassWhenTheTenantIsOverItsBudget() throws Exception {
        build();
        serve(request("one", null), true);
        ledger.charge("acme", new BigDecimal("0.01"));

        PromptResult result = serve(request("two", null), true);

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(result.getCache()).isEqualTo(CacheOutcome.NONE);
    }

    @Test
    void shouldShareOneProviderCallWhenIdenticalRequestsAreInFlightAtOnce() throws Exception {
        // Given: the leader's call blocks until released
        build();
        CountDownLatch release = new CountDownLatch(1);
        primary.onFirstCall = () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        PromptRequest leaderRequest = request("What changed in Q3?", null);
        PromptRequest followerRequest = request("What changed in Q3?", null);
        AtomicReference<PromptResult> leader = new AtomicReference<>();
        AtomicReference<PromptResult> follower = new AtomicReference<>();
        Thread leaderThread = Thread.ofPlatform().start(() -> leader.set(serveQuietly(leaderRequest)));
        await().atMost(Duration.ofSeconds(10)).until(() -> primary.calls.size() == 1);

        // When: an identical request arrives while the first is in flight
        Thread followerThread = Thread.ofPlatform().start(() -> follower.set(serveQuietly(followerRequest)));
        await().atMost(Duration.ofSeconds(10)).until(() -> followerThread.getState() == Thread.State.TIMED_WAITING);
        release.countDown();
        leaderThread.join(10_000);
        followerThread.join(10_000);

        // Then: one call; each request has its own result
        assertThat(primary.calls).hasSize(1);
        assertThat(leader.get().getCache()).isEqualTo(CacheOutcome.MISS);
        assertThat(follower.get().getStatus()).isEqualTo(ResultStatus.SUCCESS);
        assertThat(follower.get().getCache()).isEqualTo(CacheOutcome.HIT);
        assertThat(follower.get().getRequestId()).isEqualTo(followerRequest.getRequestId());
        assertThat(follower.get().getOutput()).isEqualTo(leader.get().getOutput());
        assertThat(follower.get().getCostUsd()).isZero();
        assertThat(meters.get("keel.cache.coalesced").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldRouteTheFollowerItselfWhenTheLeaderFails() throws Exception {
        // Given: the leader fails on both providers while a follower waits
        build();
        CountDownLatch release = new CountDownLatch(1);
        primary.always(AttemptOutcome.BAD_REQUEST);
        primary.onFirstCall = () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        AtomicReference<PromptResult> follower = new AtomicReference<>();
        Thread leaderThread = Thread.ofPlatform().start(() -> serveQuietly(request("Same?", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> primary.calls.size() == 1);
        Thread followerThread = Thread.ofPlatform().start(() -> follower.set(serveQuietly(request("Same?", null))));
        await().atMost(Duration.ofSeconds(10)).until(() -> followerThread.getState() == Thread.State.TIMED_WAITING);

        // When
        release.countDown();
        leaderThread.join(10_000);
        followerThread.join(10_000);

        // Then: the follower made its own call and has its own attempts
        assertThat(primary.calls).hasSize(2);
        assertThat(follower.get().getAttempts()).hasSize(1);
        assertThat(follower.get().getError().getCode()).isEqualTo("BAD_REQUEST");
    }

    private PromptResult serveQuietly(PromptRequest request) {
        try {
            return serve(request, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
