package dev.keel.slo.internal;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A mergeable latency sketch (DDSketch, logarithmic mapping) whose quantiles are within
 * {@link #RELATIVE_ACCURACY} of the exact value at the same rank. Bin counts add up, so a merge of
 * minutes gives the same answer whatever the order of the records. Not thread-safe: one owner.
 */
public final class LatencySketch {

    /** The sketch's relative accuracy: 1% (the bound). */
    public static final double RELATIVE_ACCURACY = 0.01;

    private final DDSketch sketch;

    private LatencySketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    public static LatencySketch empty() {
        return new LatencySketch(DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY));
    }

    public static LatencySketch decode(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return empty();
        }
        try {
            return new LatencySketch(DDSketch.decode(ByteArrayInput.wrap(bytes, offset, length), UnboundedSizeDenseStore::new));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt latency sketch in a state store", e);
        }
    }

    public void add(double latencyMs) {
        sketch.accept(Math.max(0, latencyMs));
    }

    public void merge(LatencySketch other) {
        if (!other.sketch.isEmpty()) {
            sketch.mergeWith(other.sketch);
        }
    }

    public long count() {
        return Math.round(sketch.getCount());
    }

    public boolean isEmpty() {
        return sketch.isEmpty();
    }

    /**
     * The value at rank {@code floor(q * (count - 1))} of the sorted latencies, within 1%; NaN when
     * empty.
     */
    public double quantile(double q) {
        return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
    }

    public byte[] encode() {
        if (sketch.isEmpty()) {
            return new byte[0];
        }
        GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(output, false);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory encoding does not fail", e);
        }
        return output.trimmedCopy();
    }

    public LatencySketch copy() {
        return new LatencySketch(sketch.copy());
    }
}
