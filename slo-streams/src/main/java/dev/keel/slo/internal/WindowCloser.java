package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.config.SloObjectives;
import dev.keel.schemas.Lane;
import dev.keel.schemas.SliSnapshot;
import dev.keel.slo.SloMetrics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What happens when a window [start, end) closes, in this order: its buckets are rolled up into
 * their hour; the running trailing windows take the minute in and let the expired one out (as of
 * {@code end}); one {@link SliSnapshot} per scope and lane that had results is emitted; every rule is evaluated for every scope with data in its windows
 * or alert state; the status store is rewritten; buckets past retention are purged (ranged deletes of the keys that expired since the last purge).
 *
 * <p>Every step reads the stores or running aggregates of them, so the output depends on the input and the closing sequence,
 * never on record order within a window. Stream-thread only.
 */
final class WindowCloser {

    static final Duration[] STATUS_WINDOWS = {Duration.ofMinutes(5), Duration.ofHours(1)};
    static final Duration[] BURN_DISPLAY_WINDOWS = {Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(3)};

    private final SloConfig config;
    private final EngineStores stores;
    private final List<Rule> rules;
    /** Whether this task owns the global scope (evaluates it even with no result in the window). */
    private final boolean ownsGlobal;
    private final TrailingWindows windows;
    private final AlertTracker alerts;
    private final StatusWriter status;
    private final long windowMs;
    private long minutesPurged = 0;
    private long requestsPurged = 0;
    private long hoursPurged = 0;

    WindowCloser(SloConfig config, EngineStores stores, Set<Lane> latencyLanes, boolean ownsGlobal) {
        this.ownsGlobal = ownsGlobal;
        this.config = config;
        this.stores = stores;
        this.windowMs = config.window().toMillis();
        this.rules = RuleSet.of(config);
        this.windows = new TrailingWindows(stores.minutes(), stores.hours(), latencyLanes);
        windows.window(config.window(), true).window(config.objectives().period(), true);
        for (Duration d : STATUS_WINDOWS) {
            windows.window(d, true);
        }
        for (Duration d : BURN_DISPLAY_WINDOWS) {
            windows.window(d, false);
        }
        rules.forEach(rule -> rule.register(windows));
        this.alerts = new AlertTracker(stores.alerts(), windowMs);
        this.status = new StatusWriter(config, stores.status());
    }

    List<EngineOutput> close(long start, long end, long wallNow, SloMetrics metrics) {
        Map<String, Bucket> closing = readWindow(start, end);
        rollUp(start, closing);
        WindowTotals totals = windows.close(start, end, closing);
        List<EngineOutput> out = new ArrayList<>();
        closing.forEach((key, bucket) -> out.add(snapshot(key, bucket, start, end, totals)));

        EvaluationInput input = new EvaluationInput(totals, requestsIn(end - config.alerts().resultsAbsent().after().toMillis(), end));
        Set<String> scopes = new TreeSet<>(totals.scopes());
        scopes.addAll(alerts.scopesWithState());
        if (ownsGlobal) {
            scopes.add(ScopeResolver.GLOBAL);
        }
        Map<String, Map<Rule, Verdict>> verdicts = new LinkedHashMap<>();
        for (String scope : scopes) {
            SloObjectives objectives = config.objectivesFor(scope);
            Map<Rule, Verdict> byRule = new LinkedHashMap<>();
            for (Rule rule : rules) {
                if (!rule.everyScope() && !scope.equals(ScopeResolver.GLOBAL)) {
                    continue;
                }
                Verdict verdict = rule.evaluate(scope, objectives, input);
                byRule.put(rule, verdict);
                alerts.apply(rule, scope, verdict, end, wallNow)
                        .ifPresent(page -> out.add(new EngineOutput.Page(page.getAlertKey(), page, end)));
            }
            verdicts.put(scope, byRule);
        }
        status.write(end, totals, verdicts, alerts);
        purge(end);
        return out;
    }

    /**
     * The window start the engine may jump to instead of closing every window from {@code closed}
     * on: while no closed minute bucket, hour bucket inside the longest window, recent request or
     * alert state is stored, every close is a no-data evaluation that emits nothing, up to the first
     * stored future bucket or request. Returns {@code closed} when nothing may be skipped. (A
     * far-future timestamp or a long pause then costs 30 days of closes, not one per minute forever.)
     */
    long quietUntil(long closed, long lastDue) {
        long absent = config.alerts().resultsAbsent().after().toMillis();
        if (first(stores.minutes(), closed - TrailingWindows.MINUTE_RETENTION - windowMs, closed) != null
                || first(stores.hours(), closed - windows.longestWindow() - TrailingWindows.HOUR, closed) != null
                || first(stores.requests(), closed - absent, closed) != null || hasAny(stores.alerts())) {
            return closed;
        }
        long target = lastDue;
        String nextBucket = first(stores.minutes(), closed, Long.MAX_VALUE);
        if (nextBucket != null) {
            target = Math.min(target, BucketKeys.startOf(nextBucket));
        }
        String nextRequest = first(stores.requests(), closed, Long.MAX_VALUE);
        if (nextRequest != null) {
            target = Math.min(target, Math.floorDiv(BucketKeys.startOf(nextRequest) - absent, windowMs) * windowMs);
        }
        return Math.max(closed, target);
    }

    /** The first bucket key in [from, to), or null. */
    private static String first(BucketStore store, long from, long to) {
        String key = store.firstKey(BucketKeys.time(Math.max(0, from)), to == Long.MAX_VALUE ? "~" : BucketKeys.time(to));
        return key != null && (to == Long.MAX_VALUE || BucketKeys.startOf(key) < to) ? key : null;
    }

    /** The first key in [from, to), or null. */
    private static <V> String first(org.apache.kafka.streams.state.KeyValueStore<String, V> store, long from, long to) {
        String upper = to == Long.MAX_VALUE ? "~" : BucketKeys.time(to);
        try (KeyValueIterator<String, V> it = store.range(BucketKeys.time(Math.max(0, from)), upper)) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (to == Long.MAX_VALUE || BucketKeys.startOf(key) < to) {
                    return key;
                }
            }
            return null;
        }
    }

    private static <V> boolean hasAny(org.apache.kafka.streams.state.KeyValueStore<String, V> store) {
        try (KeyValueIterator<String, V> it = store.all()) {
            return it.hasNext();
        }
    }

    private Map<String, Bucket> readWindow(long start, long end) {
        return stores.minutes().buckets(BucketKeys.time(start), BucketKeys.time(end));
    }

    private void rollUp(long start, Map<String, Bucket> closing) {
        long hour = Math.floorDiv(start, TrailingWindows.HOUR) * TrailingWindows.HOUR;
        closing.forEach((key, bucket) -> {
            String hourKey = BucketKeys.key(hour, BucketKeys.scopeOf(key), BucketKeys.laneOf(key));
            stores.hours().forUpdate(hourKey).merge(bucket, true);
        });
    }

    private EngineOutput snapshot(String key, Bucket b, long start, long end, WindowTotals totals) {
        String scope = BucketKeys.scopeOf(key);
        SloObjectives objectives = config.objectivesFor(scope);
        Bucket period = totals.of(scope, config.objectives().period().toMillis());
        double allowed = BudgetRule.allowed(period, objectives);
        SliSnapshot sli = SliSnapshot.newBuilder()
                .setScope(scope)
                .setLane(BucketKeys.laneOf(key))
                .setWindowStart(start)
                .setWindowEnd(end)
                .setCount(b.count())
                .setSuccess(b.success())
                .setRejected(b.rejected())
                .setP50Ms(orZero(b.quantile(0.50)))
                .setP95Ms(orZero(b.quantile(0.95)))
                .setP99Ms(orZero(b.quantile(0.99)))
                .setUnderLatencyTarget(b.underTarget())
                .setCostUsdSum(b.costUsd())
                .setAvgCostUsd(b.served() == 0 ? 0 : b.costUsd() / b.served())
                .setCacheHits(b.cacheHits())
                .setFailovers(b.failovers())
                .setErrorBudgetRemaining(BudgetRule.remainingFraction(period, objectives))
                .setErrorBudgetAllowed(allowed)
                .setErrorBudgetRemainingCount(allowed - period.failures())
                .setLatencySketch(ByteBuffer.wrap(b.latencySketchBytes()))
                .build();
        return new EngineOutput.Sli(scope, sli, end);
    }

    private long requestsIn(long from, long to) {
        long total = 0;
        // Request keys are bare minute starts, so the upper bound must stop short of the minute at 'to'.
        try (KeyValueIterator<String, Long> it = stores.requests().range(BucketKeys.time(from), BucketKeys.time(to - 1))) {
            while (it.hasNext()) {
                total += it.next().value;
            }
        }
        return total;
    }

    private void purge(long end) {
        minutesPurged = deleteBefore(stores.minutes(), minutesPurged, end - TrailingWindows.MINUTE_RETENTION);
        requestsPurged = deleteBefore(stores.requests(), requestsPurged,
                end - Math.max(TrailingWindows.MINUTE_RETENTION, config.alerts().resultsAbsent().after().toMillis()));
        if (end % TrailingWindows.HOUR == 0) {
            hoursPurged = deleteBefore(stores.hours(), hoursPurged, end - windows.longestWindow() - TrailingWindows.HOUR);
        }
    }

    /**
     * Deletes the keys in [from, cutoff): only what expired since the last purge (the first purge after
     * a start scans from zero once). Returns the new lower bound.
     */
    private static long deleteBefore(BucketStore store, long from, long cutoff) {
        if (cutoff <= from) {
            return from;
        }
        store.removeRange(BucketKeys.time(Math.max(0, from)), BucketKeys.time(cutoff));
        return cutoff;
    }

    private static <V> long deleteBefore(org.apache.kafka.streams.state.KeyValueStore<String, V> store, long from, long cutoff) {
        if (cutoff <= from) {
            return from;
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(BucketKeys.time(Math.max(0, from)), BucketKeys.time(cutoff))) {
            while (it.hasNext()) {
                old.add(it.next().key);
            }
        }
        old.forEach(store::delete);
        return cutoff;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
