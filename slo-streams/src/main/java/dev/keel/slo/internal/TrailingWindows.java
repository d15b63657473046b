package dev.keel.slo.internal;

import dev.keel.schemas.Lane;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sums trailing windows out of the bucket stores. A window of length W ending at E covers the
 * minute buckets [E - W, E) when W is at most {@link #MINUTE_RETENTION}; a longer one covers the hour
 * buckets [H - W, H) plus the minute buckets [H, E), where H is E rounded down to the hour.
 *
 * <p>Complete hours never change once rolled up, so their sums are cached per H and recomputed when
 * the hour turns (or after a restart). Used by the one stream thread that owns the stores.
 */
final class TrailingWindows {

    /** How long minute buckets are kept: the longest window measured to the minute. */
    static final long MINUTE_RETENTION = Duration.ofHours(6).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();

    private final KeyValueStore<String, byte[]> minutes;
    private final KeyValueStore<String, byte[]> hours;
    private final Set<Lane> latencyLanes;
    private final NavigableSet<Long> shortWindows = new TreeSet<>();
    private final Set<Long> shortSketches = new TreeSet<>();
    private final NavigableSet<Long> longWindows = new TreeSet<>();
    private final Set<Long> longSketches = new TreeSet<>();

    private long cachedHour = Long.MIN_VALUE;
    private Map<String, Map<Long, Bucket>> hourCache = Map.of();

    TrailingWindows(KeyValueStore<String, byte[]> minutes, KeyValueStore<String, byte[]> hours, Set<Lane> latencyLanes) {
        this.minutes = minutes;
        this.hours = hours;
        this.latencyLanes = latencyLanes;
    }

    /** Registers a window length; {@code withSketch} when its latency quantiles are read. */
    TrailingWindows window(Duration length, boolean withSketch) {
        long ms = length.toMillis();
        if (ms <= MINUTE_RETENTION) {
            shortWindows.add(ms);
            if (withSketch) {
                shortSketches.add(ms);
            }
        } else {
            longWindows.add(ms);
            if (withSketch) {
                longSketches.add(ms);
            }
        }
        return this;
    }

    long longestWindow() {
        return Math.max(longWindows.isEmpty() ? 0 : longWindows.last(), shortWindows.isEmpty() ? 0 : shortWindows.last());
    }

    WindowTotals at(long end) {
        WindowTotals totals = new WindowTotals(end);
        long hourStart = Math.floorDiv(end, HOUR) * HOUR;
        long scanFrom = Math.min(end - (shortWindows.isEmpty() ? 0 : shortWindows.last()), hourStart);
        long longestSketch = Math.max(shortSketches.stream().mapToLong(Long::longValue).max().orElse(0),
                longSketches.isEmpty() ? 0 : end - hourStart);
        Map<String, Bucket> partialHour = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = minutes.range(BucketKeys.time(scanFrom), BucketKeys.time(end))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                long start = BucketKeys.startOf(entry.key);
                String scope = BucketKeys.scopeOf(entry.key);
                boolean latency = latencyLanes.contains(BucketKeys.laneOf(entry.key));
                Bucket minute = Bucket.decode(entry.value, latency && start >= end - longestSketch);
                for (long w : shortWindows) {
                    if (start >= end - w) {
                        totals.mutable(scope, w).merge(minute, latency);
                    }
                }
                if (start >= hourStart && !longWindows.isEmpty()) {
                    partialHour.computeIfAbsent(scope, s -> Bucket.empty()).merge(minute, latency);
                }
            }
        }
        if (!longWindows.isEmpty()) {
            addLongWindows(totals, hourStart, partialHour);
        }
        return totals;
    }

    private void addLongWindows(WindowTotals totals, long hourStart, Map<String, Bucket> partialHour) {
        if (cachedHour != hourStart) {
            hourCache = sumCompleteHours(hourStart);
            cachedHour = hourStart;
        }
        hourCache.forEach((scope, windows) -> windows.forEach((w, bucket) -> totals.mutable(scope, w).merge(bucket, true)));
        partialHour.forEach((scope, bucket) -> {
            for (long w : longWindows) {
                totals.mutable(scope, w).merge(bucket, true);
            }
        });
    }

    private Map<String, Map<Long, Bucket>> sumCompleteHours(long hourStart) {
        Map<String, Map<Long, Bucket>> sums = new HashMap<>();
        long longestSketch = longSketches.stream().mapToLong(Long::longValue).max().orElse(0);
        try (KeyValueIterator<String, byte[]> it = hours.range(BucketKeys.time(hourStart - longWindows.last()), BucketKeys.time(hourStart))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                long start = BucketKeys.startOf(entry.key);
                String scope = BucketKeys.scopeOf(entry.key);
                boolean latency = latencyLanes.contains(BucketKeys.laneOf(entry.key));
                Bucket hour = Bucket.decode(entry.value, latency && start >= hourStart - longestSketch);
                for (long w : longWindows) {
                    if (start >= hourStart - w) {
                        sums.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(w, x -> Bucket.empty()).merge(hour, latency);
                    }
                }
            }
        }
        return sums;
    }
}
