package dev.keel.slo.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencySketchTest {

    @Test
    void shouldEstimateP95WithinOnePercentWhenLatenciesAreSkewed() {
        // Given 100,000 latencies from a log-normal distribution (median ~400 ms, long right tail)
        Random random = new Random(42);
        double[] latencies = new double[100_000];
        LatencySketch sketch = LatencySketch.empty();
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = Math.exp(6.0 + 1.1 * random.nextGaussian());
            sketch.add(latencies[i]);
        }

        // When the exact p95 is the sorted value at rank floor(0.95 * (n - 1))
        Arrays.sort(latencies);
        double exact = latencies[(int) Math.floor(0.95 * (latencies.length - 1))];

        // Then the sketch is within 1% of it, and so are p50 and p99
        assertThat(sketch.quantile(0.95)).isCloseTo(exact, within(exact * 0.01));
        double p50 = latencies[(int) Math.floor(0.50 * (latencies.length - 1))];
        double p99 = latencies[(int) Math.floor(0.99 * (latencies.length - 1))];
        assertThat(sketch.quantile(0.50)).isCloseTo(p50, within(p50 * 0.01));
        assertThat(sketch.quantile(0.99)).isCloseTo(p99, within(p99 * 0.01));
    }

    @Test
    void shouldGiveTheSameQuantilesWhenMergedFromEncodedPartsInAnyOrder() {
        // Given the same 10,000 latencies split into ten sketches, encoded and decoded
        Random random = new Random(3);
        LatencySketch whole = LatencySketch.empty();
        LatencySketch[] parts = new LatencySketch[10];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = LatencySketch.empty();
        }
        for (int i = 0; i < 10_000; i++) {
            double v = Math.exp(5 + random.nextGaussian());
            whole.add(v);
            parts[i % 10].add(v);
        }

        // When they are merged back in reverse order after a round trip through bytes
        LatencySketch merged = LatencySketch.empty();
        for (int p = parts.length - 1; p >= 0; p--) {
            byte[] bytes = parts[p].encode();
            merged.merge(LatencySketch.decode(bytes, 0, bytes.length));
        }

        // Then count and quantiles are exactly those of the whole
        assertThat(merged.count()).isEqualTo(10_000);
        assertThat(merged.quantile(0.95)).isEqualTo(whole.quantile(0.95));
        assertThat(merged.quantile(0.5)).isEqualTo(whole.quantile(0.5));
    }
}
