package dev.keel.router.routing;

import java.time.Duration;
import java.util.Arrays;

/**
 * One provider's recent times to first token and the hedge delay they give: the configured percentile of the
 * last {@code samples} TTFTs, clamped to [{@code min}, {@code max}]; {@code max} until {@code minSamples} are
 * known. The percentile is recomputed every tenth of the window, not per request. Thread-safe.
 */
final class TtftWindow {

    private final long[] ring;
    private final int minSamples;
    private final double percentile;
    private final long minMs;
    private final long maxMs;
    private final int refreshEvery;
    private long seen;
    private volatile long delayMs;

    TtftWindow(int samples, int minSamples, double percentile, Duration min, Duration max) {
        this.ring = new long[samples];
        this.minSamples = minSamples;
        this.percentile = percentile;
        this.minMs = min.toMillis();
        this.maxMs = max.toMillis();
        this.refreshEvery = Math.max(1, samples / 10);
        this.delayMs = maxMs;
    }

    synchronized void record(Duration ttft) {
        ring[(int) (seen % ring.length)] = Math.max(0, ttft.toMillis());
        seen++;
        if (seen >= minSamples && (seen == minSamples || seen % refreshEvery == 0)) {
            int n = (int) Math.min(seen, ring.length);
            long[] sorted = Arrays.copyOf(ring, n);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(percentile / 100.0 * n) - 1;
            long value = sorted[Math.max(0, Math.min(n - 1, index))];
            delayMs = Math.max(minMs, Math.min(maxMs, value));
        }
    }

    /** Whether the delay is learned (at least {@code minSamples} TTFTs seen), not the {@code max} stand-in. */
    synchronized boolean learned() {
        return seen >= minSamples;
    }

    Duration delay() {
        return Duration.ofMillis(delayMs);
    }

    long delayMs() {
        return delayMs;
    }
}
