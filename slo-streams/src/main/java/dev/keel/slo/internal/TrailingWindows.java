package dev.keel.slo.internal;

import dev.keel.schemas.Lane;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Trailing windows, kept as running aggregates updated at each minute close instead of recomputed. A
 * window of length W ending at E covers the minute buckets [E - W, E) when W is at most
 * {@link #MINUTE_RETENTION}; a longer one covers the hour buckets [H - W, H) plus the minute buckets
 * [H, E), where H is E rounded down to the hour. Per scope (lanes merged; latency from the latency lanes
 * only): one {@link SlidingWindow} per short window over minutes, one per long window over hours (counts),
 * and the current partial hour. A long window's sketch is the merge of its complete hours, computed once
 * per hour from the hour store and cached, plus the partial hour's.
 *
 * <p>The running state lives in memory: after a restart, or when closes were skipped, it is rebuilt once
 * from the stores. Used by the stream thread that owns the stores.
 */
final class TrailingWindows {

    /** How long minute buckets are kept: the longest window measured to the minute. */
    static final long MINUTE_RETENTION = Duration.ofHours(6).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();

    private final BucketStore minutes;
    private final BucketStore hours;
    private final java.util.Set<Lane> latencyLanes;
    private final NavigableMap<Long, Boolean> shortWindows = new TreeMap<>();
    private final NavigableMap<Long, Boolean> longWindows = new TreeMap<>();
    private final Map<String, ScopeWindows> scopes = new TreeMap<>();
    private long appliedThrough = Long.MIN_VALUE;
    private long sketchHour = Long.MIN_VALUE;
    private Map<String, Map<Long, LatencySketch>> hourSketches = Map.of();

    TrailingWindows(BucketStore minutes, BucketStore hours, java.util.Set<Lane> latencyLanes) {
        this.minutes = minutes;
        this.hours = hours;
        this.latencyLanes = latencyLanes;
    }

    /** Registers a window length; {@code withSketch} when its latency quantiles are read. */
    TrailingWindows window(Duration length, boolean withSketch) {
        long ms = length.toMillis();
        (ms <= MINUTE_RETENTION ? shortWindows : longWindows).merge(ms, withSketch, Boolean::logicalOr);
        return this;
    }

    long longestWindow() {
        return Math.max(longWindows.isEmpty() ? 0 : longWindows.lastKey(), shortWindows.isEmpty() ? 0 : shortWindows.lastKey());
    }

    /**
     * Applies the close of [start, end) whose minute buckets (per scope and lane, as stored) are
     * {@code closing}, and returns every window's totals as of {@code end}.
     */
    WindowTotals close(long start, long end, Map<String, Bucket> closing) {
        if (appliedThrough != start) {
            rebuild(start);
        }
        long hourOfStart = Math.floorDiv(start, HOUR) * HOUR;
        long hourOfEnd = Math.floorDiv(end, HOUR) * HOUR;
        lanesMerged(closing).forEach((scope, minute) -> scope(scope).addMinute(start, minute));
        Iterator<ScopeWindows> it = scopes.values().iterator();
        while (it.hasNext()) {
            ScopeWindows s = it.next();
            if (hourOfEnd != hourOfStart) {
                s.completeHour(hourOfStart);
            }
            s.expire(end, hourOfEnd);
            if (s.isEmpty()) {
                it.remove();
            }
        }
        appliedThrough = end;
        return totals(end, hourOfEnd);
    }

    private WindowTotals totals(long end, long hourStart) {
        WindowTotals totals = new WindowTotals(end);
        if (longWindows.containsValue(true) && sketchHour != hourStart) {
            hourSketches = sumCompleteHours(hourStart);
            sketchHour = hourStart;
        }
        scopes.forEach((scope, s) -> s.totals(scope, totals, hourSketches.getOrDefault(scope, Map.of())));
        return totals;
    }

    /** Rebuilds the running state as it is after the close that ends at {@code through}. */
    private void rebuild(long through) {
        scopes.clear();
        long hourStart = Math.floorDiv(through, HOUR) * HOUR;
        long from = Math.min(through - (shortWindows.isEmpty() ? 0 : shortWindows.lastKey()), hourStart);
        Map<Long, Map<String, Bucket>> byMinute = new TreeMap<>();
        read(minutes, from, through).forEach((key, b) -> byMinute.computeIfAbsent(BucketKeys.startOf(key), m -> new HashMap<>()).put(key, b));
        byMinute.forEach((minute, buckets) -> lanesMerged(buckets).forEach((scope, b) -> scope(scope).replayMinute(minute, b, minute >= hourStart)));
        if (!longWindows.isEmpty()) {
            Map<Long, Map<String, Bucket>> byHour = new TreeMap<>();
            read(hours, hourStart - longWindows.lastKey(), hourStart)
                    .forEach((key, b) -> byHour.computeIfAbsent(BucketKeys.startOf(key), h -> new HashMap<>()).put(key, b));
            byHour.forEach((hour, buckets) -> lanesMerged(buckets).forEach((scope, b) -> scope(scope).addHour(hour, b)));
        }
        scopes.values().forEach(s -> s.expire(through, hourStart));
        scopes.values().removeIf(ScopeWindows::isEmpty);
        appliedThrough = through;
    }

    private static Map<String, Bucket> read(BucketStore store, long from, long to) {
        return store.buckets(BucketKeys.time(Math.max(0, from)), BucketKeys.time(to));
    }

    /** Per scope: counts over every lane, latency over the latency lanes only. */
    private Map<String, Bucket> lanesMerged(Map<String, Bucket> byKey) {
        Map<String, Bucket> merged = new TreeMap<>();
        byKey.forEach((key, b) -> merged.computeIfAbsent(BucketKeys.scopeOf(key), s -> Bucket.empty())
                .merge(b, latencyLanes.contains(BucketKeys.laneOf(key))));
        return merged;
    }

    private ScopeWindows scope(String scope) {
        return scopes.computeIfAbsent(scope, s -> new ScopeWindows(shortWindows, longWindows));
    }

    private Map<String, Map<Long, LatencySketch>> sumCompleteHours(long hourStart) {
        Map<String, Map<Long, LatencySketch>> sums = new HashMap<>();
        long longestSketch = longWindows.entrySet().stream().filter(Map.Entry::getValue).mapToLong(Map.Entry::getKey).max().orElse(0);
        for (Map.Entry<String, Bucket> entry : read(hours, hourStart - longestSketch, hourStart).entrySet()) {
            if (!latencyLanes.contains(BucketKeys.laneOf(entry.getKey()))) {
                continue;
            }
            long start = BucketKeys.startOf(entry.getKey());
            LatencySketch hour = entry.getValue().sketchOrNull();
            if (hour == null) {
                continue;
            }
            for (Map.Entry<Long, Boolean> w : longWindows.entrySet()) {
                if (w.getValue() && start >= hourStart - w.getKey()) {
                    sums.computeIfAbsent(BucketKeys.scopeOf(entry.getKey()), s -> new HashMap<>())
                            .merge(w.getKey(), hour.copy(), (a, b) -> {
                                a.merge(b);
                                return a;
                            });
                }
            }
        }
        return sums;
    }
}
