package dev.keel.slo.internal;

import dev.keel.schemas.ResultStatus;

import java.nio.ByteBuffer;

/**
 * The SLI facts of one scope and lane over one time bucket (a minute, an hour, or a trailing window
 * merged from them). Counts are exact integers and cost is summed in nano-dollars, so merging buckets
 * in any order gives identical totals; latency lives in a {@link LatencySketch}.
 *
 * <p>REJECTED results count in {@link #count} and {@link #rejected} only: they are budget decisions,
 * not outages, and stay out of success, latency and cost. Mutable, not thread-safe: one owner.
 */
public final class Bucket {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 * 8;
    private static final double NANOS_PER_USD = 1e9;

    private long count;
    private long rejected;
    private long success;
    private long latencySamples;
    private long underTarget;
    private long costNanos;
    private long cacheHits;
    private long failovers;
    private LatencySketch sketch;

    public static Bucket empty() {
        return new Bucket();
    }

    /** Adds one result; {@code latencyTargetMs} is its scope's target (a latency at or under it counts as under). */
    public void add(Observation result, long latencyTargetMs) {
        count++;
        if (result.cacheHit()) {
            cacheHits++;
        }
        if (result.failover()) {
            failovers++;
        }
        if (result.status() == ResultStatus.REJECTED) {
            rejected++;
            return;
        }
        if (result.status() == ResultStatus.SUCCESS) {
            success++;
        }
        latencySamples++;
        if (result.latencyMs() <= latencyTargetMs) {
            underTarget++;
        }
        costNanos += Math.round(result.costUsd() * NANOS_PER_USD);
        sketch().add(result.latencyMs());
    }

    /** Adds every count of {@code other}; with {@code withLatency} false its latency part is left out. */
    public void merge(Bucket other, boolean withLatency) {
        count += other.count;
        rejected += other.rejected;
        success += other.success;
        costNanos += other.costNanos;
        cacheHits += other.cacheHits;
        failovers += other.failovers;
        if (withLatency) {
            latencySamples += other.latencySamples;
            underTarget += other.underTarget;
            if (other.sketch != null) {
                sketch().merge(other.sketch);
            }
        }
    }

    /** Adds {@code n} to the count alone (the intake keeps request counts in buckets too). */
    void addCount(long n) {
        count += n;
    }

    /**
     * Adds ({@code sign} 1) or subtracts ({@code sign} -1) every count of {@code other}, never its sketch:
     * the running sums of trailing windows, where a minute leaving a window is taken out exactly.
     */
    void addCounts(Bucket other, boolean withLatency, int sign) {
        count += sign * other.count;
        rejected += sign * other.rejected;
        success += sign * other.success;
        costNanos += sign * other.costNanos;
        cacheHits += sign * other.cacheHits;
        failovers += sign * other.failovers;
        if (withLatency) {
            latencySamples += sign * other.latencySamples;
            underTarget += sign * other.underTarget;
        }
    }

    /** A bucket with these counts and {@code sketch} (may be null) as its latency sketch. */
    Bucket withSketch(LatencySketch latency) {
        Bucket b = new Bucket();
        b.addCounts(this, true, 1);
        b.sketch = latency;
        return b;
    }

    /** The sketch if any sample was added, else null (no copy). */
    LatencySketch sketchOrNull() {
        return sketch;
    }

    public long count() {
        return count;
    }

    public long rejected() {
        return rejected;
    }

    /** Results that count toward the objectives: every status but REJECTED. */
    public long served() {
        return count - rejected;
    }

    public long success() {
        return success;
    }

    public long failures() {
        return served() - success;
    }

    public long latencySamples() {
        return latencySamples;
    }

    public long underTarget() {
        return underTarget;
    }

    public double costUsd() {
        return costNanos / NANOS_PER_USD;
    }

    public long cacheHits() {
        return cacheHits;
    }

    public long failovers() {
        return failovers;
    }

    public LatencySketch sketch() {
        if (sketch == null) {
            sketch = LatencySketch.empty();
        }
        return sketch;
    }

    public double quantile(double q) {
        return sketch == null ? Double.NaN : sketch.quantile(q);
    }

    /** The latency sketch alone, encoded (what {@code SliSnapshot.latency_sketch} carries); empty when no sample. */
    public byte[] latencySketchBytes() {
        return sketch == null ? new byte[0] : sketch.encode();
    }

    public byte[] encode() {
        byte[] sketchBytes = sketch == null ? new byte[0] : sketch.encode();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + sketchBytes.length);
        buffer.put(VERSION).putLong(count).putLong(rejected).putLong(success).putLong(latencySamples)
                .putLong(underTarget).putLong(costNanos).putLong(cacheHits).putLong(failovers).put(sketchBytes);
        return buffer.array();
    }

    /** Reads a stored bucket; {@code withSketch} false skips decoding the sketch (counts only). */
    public static Bucket decode(byte[] bytes, boolean withSketch) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.get() != VERSION) {
            throw new IllegalStateException("unknown SLO bucket layout in a state store");
        }
        Bucket b = new Bucket();
        b.count = buffer.getLong();
        b.rejected = buffer.getLong();
        b.success = buffer.getLong();
        b.latencySamples = buffer.getLong();
        b.underTarget = buffer.getLong();
        b.costNanos = buffer.getLong();
        b.cacheHits = buffer.getLong();
        b.failovers = buffer.getLong();
        if (withSketch && bytes.length > HEADER) {
            b.sketch = LatencySketch.decode(bytes, HEADER, bytes.length - HEADER);
        }
        return b;
    }
}
