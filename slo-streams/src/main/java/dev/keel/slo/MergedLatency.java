package dev.keel.slo;

import dev.keel.slo.internal.LatencySketch;

import java.nio.ByteBuffer;

/**
 * The latencies of many {@code slo.sli} snapshots merged, with the SLO engine's own sketch code: merging
 * the {@code latency_sketch} of every minute of a window gives exactly the quantiles the status endpoint
 * shows for that window (DDSketch bin counts add, so neither the order nor the hour roll-ups change them).
 * The public face of the engine's internal sketch for readers of {@code slo.sli} such as {@code keel report}.
 * Not thread-safe: one owner.
 */
public final class MergedLatency {

    /** The sketch's relative accuracy (1%): a quantile is within it of the exact value at the same rank. */
    public static final double RELATIVE_ACCURACY = LatencySketch.RELATIVE_ACCURACY;

    private final LatencySketch merged = LatencySketch.empty();

    /** Adds one snapshot's {@code latency_sketch} (an empty buffer: no latency sample); the buffer is not consumed. */
    public MergedLatency add(ByteBuffer encoded) {
        ByteBuffer b = encoded.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        merged.merge(LatencySketch.decode(bytes, 0, bytes.length));
        return this;
    }

    /** Adds one latency sample (what the engine does for each served result). */
    public MergedLatency add(double latencyMs) {
        merged.add(latencyMs);
        return this;
    }

    /** The merged sketch in the engine's encoding (an empty array when empty), as {@code latency_sketch} carries it. */
    public byte[] encode() {
        return merged.encode();
    }

    /** Latency samples merged so far. */
    public long count() {
        return merged.count();
    }

    /** The value at rank floor(q (count - 1)) of the merged latencies, within 1%, as the engine computes it; null when empty. */
    public Double quantile(double q) {
        return merged.isEmpty() ? null : merged.quantile(q);
    }
}
