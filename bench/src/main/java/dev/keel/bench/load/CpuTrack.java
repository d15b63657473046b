package dev.keel.bench.load;

import java.util.Locale;

/** Average and peak CPU use (share of one core) from successive cumulative CPU-time samples. Not thread-safe. */
final class CpuTrack {

    private long firstCpu = -1;
    private long firstWall;
    private long lastCpu;
    private long lastWall;
    private double peak;

    void sample(long cpuNanos, long wallNanos) {
        if (cpuNanos < 0) {
            return;
        }
        if (firstCpu < 0) {
            firstCpu = cpuNanos;
            firstWall = wallNanos;
        } else if (wallNanos > lastWall) {
            peak = Math.max(peak, (double) (cpuNanos - lastCpu) / (wallNanos - lastWall));
        }
        lastCpu = cpuNanos;
        lastWall = wallNanos;
    }

    double average() {
        return lastWall > firstWall ? (double) (lastCpu - firstCpu) / (lastWall - firstWall) : 0;
    }

    String describe() {
        return String.format(Locale.ROOT, "%.0f%% of a core (peak %.0f%%)", 100 * average(), 100 * peak);
    }
}
