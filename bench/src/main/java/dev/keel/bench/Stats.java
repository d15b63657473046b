package dev.keel.bench;

import java.util.Arrays;

/** Exact order statistics of a small sample (nearest rank). */
final class Stats {

    private Stats() {
    }

    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))];
    }

    static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
