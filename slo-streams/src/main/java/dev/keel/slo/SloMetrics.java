package dev.keel.slo;

import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultFacts;
import dev.keel.schemas.ResultStatus;
import dev.keel.slo.internal.StatusGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Locale;

/**
 * The SLO app's meters, named and described in one place.
 * <ul>
 *   <li>Its own health: results too late for their window ({@code keel.slo.records.late}, counted, logged,
 *       not added) and undecodable input records ({@code keel.slo.records.undecodable}, tag {@code topic}).</li>
 *   <li>What it read: {@code keel.slo.results} (tag {@code status}), {@code keel.slo.results.cost} (USD),
 *       {@code keel.slo.results.cache_hits}, {@code keel.slo.results.failovers}. Streams runs at-least-once,
 *       so after a crash these may count a result twice; the SLIs themselves do not.</li>
 *   <li>What it concluded, refreshed from this instance's status at each scrape ({@link #refreshStatus}):
 *       {@code keel.slo.sli.*} per scope and window, {@code keel.slo.error_budget.remaining},
 *       {@code keel.slo.burn_rate}, {@code keel.slo.alerts.active} (see {@link StatusGauges}).</li>
 * </ul>
 * Thread-safe.
 */
public final class SloMetrics {

    /** The Streams config key under which {@link SloTopology} hands this object to its exception handler. */
    public static final String CONFIG_KEY = "keel.slo.metrics";

    public static final String LATE = "keel.slo.records.late";
    public static final String UNDECODABLE = "keel.slo.records.undecodable";
    public static final String RESULTS = "keel.slo.results";
    public static final String RESULTS_COST = "keel.slo.results.cost";
    public static final String RESULTS_CACHE_HITS = "keel.slo.results.cache_hits";
    public static final String RESULTS_FAILOVERS = "keel.slo.results.failovers";

    private final MeterRegistry registry;
    private final Counter late;
    private final Meter.MeterProvider<Counter> results;
    /** The per-status counters, looked up once (a tag lookup per result would cost more than the count). */
    private final java.util.Map<ResultStatus, Counter> resultsByStatus = new java.util.EnumMap<>(ResultStatus.class);
    private final Counter cost;
    private final Counter cacheHits;
    private final Counter failovers;
    private final StatusGauges gauges;

    public SloMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.late = Counter.builder(LATE)
                .description("Results whose window had closed (event time past window end + grace) when they arrived")
                .register(registry);
        this.results = Counter.builder(RESULTS).description("Results read from llm.results by status").withRegistry(registry);
        for (ResultStatus status : ResultStatus.values()) {
            resultsByStatus.put(status, results.withTags("status", status.name().toLowerCase(Locale.ROOT)));
        }
        this.cost = Counter.builder(RESULTS_COST).baseUnit("usd").description("Cost of the results read, in USD").register(registry);
        this.cacheHits = Counter.builder(RESULTS_CACHE_HITS).description("Results read that the response cache answered (fresh)")
                .register(registry);
        this.failovers = Counter.builder(RESULTS_FAILOVERS)
                .description("Successful results read that another provider answered than the first one tried").register(registry);
        this.gauges = new StatusGauges(registry);
    }

    /** Metrics kept in a private registry (tests, tools). */
    public static SloMetrics standalone() {
        return new SloMetrics(new SimpleMeterRegistry());
    }

    public void lateResult() {
        late.increment();
    }

    public void undecodable(String topic) {
        undecodableCounter(topic).increment();
    }

    /** Counts one result the engine read (before windowing). */
    public void resultRead(PromptResult result) {
        resultsByStatus.get(result.getStatus()).increment();
        cost.increment(result.getCostUsd());
        if (result.getCache() == CacheOutcome.HIT) {
            cacheHits.increment();
        }
        if (ResultFacts.isFailover(result)) {
            failovers.increment();
        }
    }

    /** Sets the SLI, budget, burn-rate and alert gauges from {@code reading}; an unavailable one keeps the last values. */
    public void refreshStatus(StatusReading reading) {
        if (reading instanceof StatusReading.Ready ready) {
            gauges.update(ready.snapshot());
        }
    }

    public long lateResults() {
        return (long) late.count();
    }

    /** Undecodable records over every input topic. */
    public long undecodableRecords() {
        return (long) registry.find(UNDECODABLE).counters().stream().mapToDouble(Counter::count).sum();
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter undecodableCounter(String topic) {
        return Counter.builder(UNDECODABLE)
                .description("Input records the SLO engine could not decode and skipped")
                .tag("topic", topic == null ? "unknown" : topic)
                .register(registry);
    }
}
