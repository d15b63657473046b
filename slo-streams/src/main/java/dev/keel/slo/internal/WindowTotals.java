package dev.keel.slo.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-scope totals of every trailing window at one evaluation time, lanes merged: counts over all
 * lanes, latency over the latency lanes only. Built by {@link TrailingWindows}; read-only after.
 */
public final class WindowTotals {

    private final long evaluatedAt;
    private final Map<String, Map<Long, Bucket>> byScope = new TreeMap<>();

    WindowTotals(long evaluatedAt) {
        this.evaluatedAt = evaluatedAt;
    }

    public long evaluatedAt() {
        return evaluatedAt;
    }

    /** The scopes with at least one result in any of the windows, sorted. */
    public Set<String> scopes() {
        return byScope.keySet();
    }

    /** The totals of {@code scope} over the window of {@code windowMs} ending at {@link #evaluatedAt()}. */
    public Bucket of(String scope, long windowMs) {
        Map<Long, Bucket> windows = byScope.get(scope);
        Bucket bucket = windows == null ? null : windows.get(windowMs);
        return bucket == null ? Bucket.empty() : bucket;
    }

    void put(String scope, long windowMs, Bucket total) {
        byScope.computeIfAbsent(scope, s -> new TreeMap<>()).put(windowMs, total);
    }
}
