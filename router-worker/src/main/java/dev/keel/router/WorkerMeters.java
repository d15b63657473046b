package dev.keel.router;

import dev.keel.router.routing.Router;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultFacts;
import dev.keel.schemas.ResultStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

/**
 * The router worker's request meters, named and described in one place, recorded from each result
 * once the broker has acknowledged it, so {@code /metrics} counts exactly what callers see on
 * {@code llm.results}. Tags are low-cardinality: {@code status}, {@code lane}, {@code outcome},
 * {@code provider} (a configured provider, {@code cache} or {@code none}), {@code feature} (capped),
 * {@code tenant} (only on {@link #REQUESTS} and {@link #COST}, and removed by the registry unless
 * {@code metrics.tenant-tags} is on). Other worker meters live with their code:
 * {@code keel.worker.in_flight}, {@code keel.router.cooldown.state}, {@code keel.router.attempts},
 * {@code keel.cache.lookups}, {@code keel.budget.*}, and Kafka's client meters ({@code kafka.consumer.*}).
 * Thread-safe; instances over one registry share their meters.
 */
public final class WorkerMeters {

    public static final String REQUESTS = "keel.requests";
    public static final String ATTEMPTS = "keel.attempts";
    public static final String FAILOVERS = "keel.failovers";
    public static final String LATENCY = "keel.request.latency";
    public static final String TTFT = "keel.request.ttft";
    public static final String TOKENS = "keel.tokens";
    public static final String COST = "keel.cost";
    public static final String CACHE = "keel.cache.results";
    public static final String DEGRADATIONS = "keel.degradations";

    /** The latency objective (p95 under 2.5 s) is a bucket boundary, so the share under it is exact. */
    static final Duration[] LATENCY_BUCKETS = {ms(100), ms(250), ms(500), ms(1000), ms(1500), ms(2000), ms(2500), ms(3000),
            ms(5000), ms(10_000), ms(30_000)};
    /** The TTFT timeout (2 s) is a bucket boundary. */
    static final Duration[] TTFT_BUCKETS = {ms(50), ms(100), ms(250), ms(500), ms(1000), ms(1500), ms(2000), ms(3000), ms(5000)};

    private final MeterRegistry registry;
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Counter> attempts;
    private final Meter.MeterProvider<Counter> failovers;
    private final Meter.MeterProvider<Timer> latency;
    private final Meter.MeterProvider<Timer> ttft;
    private final Meter.MeterProvider<Counter> tokens;
    private final Meter.MeterProvider<Counter> cost;
    private final Meter.MeterProvider<Counter> cache;
    private final Meter.MeterProvider<Counter> degradations;

    public WorkerMeters(MeterRegistry registry) {
        this.registry = registry;
        requests = Counter.builder(REQUESTS).description("Requests answered (one per published result) by status, lane, outcome and provider")
                .withRegistry(registry);
        attempts = Counter.builder(ATTEMPTS).description("Provider attempts on published results by provider and outcome "
                + "(SKIPPED_COOLDOWN included)").withRegistry(registry);
        failovers = Counter.builder(FAILOVERS).description("Successful requests answered by another provider than the first one tried")
                .withRegistry(registry);
        latency = Timer.builder(LATENCY).description("End-to-end latency callers wait (queue + processing), served requests")
                .serviceLevelObjectives(LATENCY_BUCKETS).withRegistry(registry);
        ttft = Timer.builder(TTFT).description("Time to first token of the answering provider call")
                .serviceLevelObjectives(TTFT_BUCKETS).withRegistry(registry);
        tokens = Counter.builder(TOKENS).description("Tokens by provider, feature and kind (input, output, cache_read, cache_write)")
                .withRegistry(registry);
        cost = Counter.builder(COST).baseUnit("usd").description("Provider cost of answered requests in USD").withRegistry(registry);
        cache = Counter.builder(CACHE).description("Cache outcome of answered requests: hit, miss, stale, none").withRegistry(registry);
        degradations = Counter.builder(DEGRADATIONS).description("Budget degradations applied to answered requests by kind")
                .withRegistry(registry);
    }

    /** Registers the series every dashboard reads at zero, so rates start at the first answer, not the second. */
    public static WorkerMeters preRegistered(MeterRegistry registry, Collection<String> providers) {
        WorkerMeters meters = new WorkerMeters(registry);
        for (CacheOutcome outcome : CacheOutcome.values()) {
            meters.cache.withTags("outcome", tag(outcome.name()));
        }
        for (Degradation kind : Degradation.values()) {
            meters.degradations.withTags("kind", tag(kind.name()));
        }
        for (String provider : providers) {
            for (Lane lane : Lane.values()) {
                meters.requests.withTags("status", "success", "lane", tag(lane.name()), "outcome", "first_try", "provider", provider,
                        "tenant", "other");
            }
            meters.failovers.withTags("provider", provider);
        }
        // Failures at zero too: until the first one, the error ratios of the rules and the dashboard are 0, not absent.
        for (Lane lane : Lane.values()) {
            meters.requests.withTags("status", "failed", "lane", tag(lane.name()), "outcome", "all_providers_failed", "provider", "none",
                    "tenant", "other");
        }
        return meters;
    }

    /** Records one published result. */
    public void record(PromptResult result) {
        String status = tag(result.getStatus().name());
        String lane = tag(result.getLane().name());
        String provider = answeredBy(result);
        String feature = result.getFeature() == null || result.getFeature().isEmpty() ? "none" : result.getFeature();
        requests.withTags("status", status, "lane", lane, "outcome", outcome(result), "provider", provider,
                "tenant", result.getTenantId() == null ? "none" : result.getTenantId()).increment();
        for (Attempt attempt : result.getAttempts()) {
            attempts.withTags("provider", attempt.getProvider(), "outcome", tag(attempt.getOutcome().name())).increment();
        }
        if (ResultFacts.isFailover(result)) {
            failovers.withTags("provider", result.getProvider()).increment();
        }
        if (result.getStatus() != ResultStatus.REJECTED) {
            latency.withTags("lane", lane, "status", status).record(Duration.ofMillis(Math.max(0, result.getQueueMs() + result.getLatencyMs())));
        }
        if (result.getTtftMs() != null && result.getCache() != CacheOutcome.HIT && result.getCache() != CacheOutcome.STALE) {
            ttft.withTags("provider", provider).record(Duration.ofMillis(Math.max(0, result.getTtftMs())));
        }
        count(tokens, result.getInputTokens(), "provider", provider, "feature", feature, "kind", "input");
        count(tokens, result.getOutputTokens(), "provider", provider, "feature", feature, "kind", "output");
        count(tokens, result.getCacheReadTokens(), "provider", provider, "feature", feature, "kind", "cache_read");
        count(tokens, result.getCacheWriteTokens(), "provider", provider, "feature", feature, "kind", "cache_write");
        cost.withTags("provider", provider, "feature", feature, "tenant", result.getTenantId() == null ? "none" : result.getTenantId())
                .increment(result.getCostUsd());
        cache.withTags("outcome", tag(result.getCache().name())).increment();
        for (Degradation kind : result.getDegradations()) {
            degradations.withTags("kind", tag(kind.name())).increment();
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Success: {@code first_try}, {@code hedged} (the first provider's first try answered, racing a hedge that was
     * cancelled), {@code retried} (same provider, more than one call of its own), {@code failover}, {@code cache_hit}
     * or {@code stale}; failed and rejected: the error code, lower case ({@code budget_exceeded}, {@code all_providers_failed} ...).
     */
    static String outcome(PromptResult result) {
        if (result.getStatus() == ResultStatus.SUCCESS) {
            if (result.getCache() == CacheOutcome.HIT) {
                return "cache_hit";
            }
            if (result.getCache() == CacheOutcome.STALE) {
                return "stale";
            }
            if (ResultFacts.isFailover(result)) {
                return "failover";
            }
            long ownCalls = result.getAttempts().stream().filter(a -> !isCancelledHedge(a)).count();
            return ownCalls > 1 ? "retried" : result.getAttempts().size() > ownCalls ? "hedged" : "first_try";
        }
        String code = result.getError() == null ? null : result.getError().getCode();
        return code != null && code.matches("[A-Za-z_]{1,40}") ? code.toLowerCase(Locale.ROOT) : "other";
    }

    private static boolean isCancelledHedge(Attempt attempt) {
        return attempt.getDetail() != null && attempt.getDetail().startsWith(Router.CANCELLED_HEDGE_DETAIL);
    }

    private static String answeredBy(PromptResult result) {
        if (result.getCache() == CacheOutcome.HIT || result.getCache() == CacheOutcome.STALE) {
            return "cache";
        }
        return result.getProvider() == null ? "none" : result.getProvider();
    }

    private static void count(Meter.MeterProvider<Counter> counter, long amount, String... tags) {
        if (amount > 0) {
            counter.withTags(tags).increment(amount);
        }
    }

    private static String tag(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
