package dev.keel.router;

import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMeters meters = WorkerMeters.preRegistered(registry, List.of("primary", "secondary"));

    private static PromptResult.Builder result() {
        return PromptResult.newBuilder().setRequestId("r1").setTenantId("acme").setFeature("summarize").setAttributes(Map.of())
                .setLane(Lane.INTERACTIVE).setStatus(ResultStatus.SUCCESS).setProvider("secondary").setModel("claude-x")
                .setCache(CacheOutcome.MISS).setDegradations(List.of(Degradation.CHEAPER_MODEL))
                .setAttempts(List.of(new Attempt("primary", "gpt-x", AttemptOutcome.TTFT_TIMEOUT, null, 2000L, null, null, 0.0),
                        new Attempt("secondary", "claude-x", AttemptOutcome.OK, 200, 900L, 300L, null, 0.0)))
                .setInputTokens(120).setOutputTokens(40).setCacheReadTokens(0).setCacheWriteTokens(0)
                .setCostUsd(0.002).setLatencyMs(2900).setTtftMs(2300L).setQueueMs(50)
                .setCreatedAt(1_000L).setCompletedAt(4_000L).setBypass(false);
    }

    private double counter(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldCountAFailoverWithItsAttemptsTokensAndCostWhenTheSecondaryAnswers() {
        // When
        meters.record(result().build());

        // Then
        assertThat(counter(WorkerMeters.REQUESTS, "status", "success", "outcome", "failover", "provider", "secondary")).isEqualTo(1);
        assertThat(counter(WorkerMeters.FAILOVERS, "provider", "secondary")).isEqualTo(1);
        assertThat(counter(WorkerMeters.ATTEMPTS, "provider", "primary", "outcome", "ttft_timeout")).isEqualTo(1);
        assertThat(counter(WorkerMeters.ATTEMPTS, "provider", "secondary", "outcome", "ok")).isEqualTo(1);
        assertThat(counter(WorkerMeters.TOKENS, "provider", "secondary", "feature", "summarize", "kind", "input")).isEqualTo(120);
        assertThat(counter(WorkerMeters.COST, "provider", "secondary", "feature", "summarize")).isEqualTo(0.002);
        assertThat(counter(WorkerMeters.CACHE, "outcome", "miss")).isEqualTo(1);
        assertThat(counter(WorkerMeters.DEGRADATIONS, "kind", "cheaper_model")).isEqualTo(1);
    }

    @Test
    void shouldPutTheLatencyObjectiveAndTheTtftTimeoutOnBucketBoundariesWhenRecording() {
        // When: 2,950 ms end to end (over 2.5 s), TTFT 2,300 ms (over 2 s)
        meters.record(result().build());

        // Then
        Timer latency = registry.find(WorkerMeters.LATENCY).timer();
        assertThat(latency).isNotNull();
        CountAtBucket[] buckets = latency.takeSnapshot().histogramCounts();
        assertThat(Arrays.stream(buckets).filter(b -> b.bucket(TimeUnit.MILLISECONDS) == 2500).findFirst().orElseThrow().count()).isZero();
        assertThat(Arrays.stream(buckets).filter(b -> b.bucket(TimeUnit.MILLISECONDS) == 3000).findFirst().orElseThrow().count()).isEqualTo(1);
        Timer ttft = registry.find(WorkerMeters.TTFT).timer();
        assertThat(Arrays.stream(ttft.takeSnapshot().histogramCounts()).map(b -> b.bucket(TimeUnit.MILLISECONDS)))
                .contains(2000.0);
    }

    @Test
    void shouldTagCacheAnswersAsCacheAndNotAsFailoversWhenStale() {
        // When: every provider failed, a stale entry answered
        meters.record(result().setCache(CacheOutcome.STALE).setProvider("primary").setDegradations(List.of(Degradation.CACHED_RESPONSE))
                .setAttempts(List.of(new Attempt("primary", "gpt-x", AttemptOutcome.SERVER_ERROR, 500, 10L, null, null, 0.0),
                        new Attempt("secondary", "claude-x", AttemptOutcome.SERVER_ERROR, 500, 10L, null, null, 0.0))).build());

        // Then
        assertThat(counter(WorkerMeters.REQUESTS, "outcome", "stale", "provider", "cache")).isEqualTo(1);
        assertThat(counter(WorkerMeters.FAILOVERS)).isZero();
        assertThat(counter(WorkerMeters.CACHE, "outcome", "stale")).isEqualTo(1);
    }

    @Test
    void shouldTagARejectionWithItsErrorCodeAndLeaveItOutOfTheLatencyWhenRejected() {
        // When
        meters.record(result().setStatus(ResultStatus.REJECTED).setProvider(null).setAttempts(List.of()).setTtftMs(null)
                .setCostUsd(0).setError(new ErrorInfo("BUDGET_EXCEEDED", "over the cap")).build());

        // Then
        assertThat(counter(WorkerMeters.REQUESTS, "status", "rejected", "outcome", "budget_exceeded", "provider", "none")).isEqualTo(1);
        assertThat(registry.find(WorkerMeters.LATENCY).timers()).allMatch(t -> t.count() == 0);
    }

    @Test
    void shouldNameUnknownErrorCodesOtherWhenTheyCouldExplodeCardinality() {
        meters.record(result().setStatus(ResultStatus.FAILED).setError(new ErrorInfo("weird code with spaces 123", "x")).build());

        assertThat(counter(WorkerMeters.REQUESTS, "status", "failed", "outcome", "other")).isEqualTo(1);
    }

    @Test
    void shouldTagAHedgeTheFirstProviderWonAsHedgedAndARetryBesideItAsRetried() {
        Attempt primaryOk = new Attempt("primary", "gpt-x", AttemptOutcome.OK, 200, 400L, 300L, null, 0.001);
        Attempt primaryFailed = new Attempt("primary", "gpt-x", AttemptOutcome.SERVER_ERROR, 500, 10L, null, null, 0.0);
        Attempt hedgeCancelled = new Attempt("secondary", "claude-x", AttemptOutcome.TTFT_TIMEOUT, 200, 150L, null,
                dev.keel.router.routing.Router.CANCELLED_HEDGE_DETAIL + "primary streamed first", 0.0004);

        meters.record(result().setProvider("primary").setAttempts(List.of(primaryOk, hedgeCancelled)).build());
        meters.record(result().setProvider("primary").setAttempts(List.of(primaryFailed, hedgeCancelled, primaryOk)).build());
        meters.record(result().setProvider("primary").setAttempts(List.of(primaryOk)).build());

        assertThat(counter(WorkerMeters.REQUESTS, "status", "success", "outcome", "hedged", "provider", "primary")).isEqualTo(1);
        assertThat(counter(WorkerMeters.REQUESTS, "status", "success", "outcome", "retried", "provider", "primary")).isEqualTo(1);
        assertThat(counter(WorkerMeters.REQUESTS, "status", "success", "outcome", "first_try", "provider", "primary")).isEqualTo(1);
    }

    @Test
    void shouldRegisterTheDashboardSeriesAtZeroWhenPreRegistered() {
        assertThat(registry.find(WorkerMeters.CACHE).counters()).hasSize(CacheOutcome.values().length);
        assertThat(registry.find(WorkerMeters.DEGRADATIONS).counters()).hasSize(Degradation.values().length);
        assertThat(registry.find(WorkerMeters.FAILOVERS).counters()).hasSize(2);
    }
}
