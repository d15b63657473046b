package dev.keel.report.internal;

import dev.keel.schemas.SliSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates a quantile of the latencies of many minutes from what each minute's snapshot keeps: its
 * sample count, p50, p95, p99 and how many samples were at or under the target. Each minute's
 * distribution is modelled as a CDF through those points, linear in log(latency) between them (each
 * quantile at the share of samples its rank stands for; 1 at 1.2 x the p99); the estimate is where the count-weighted sum of the CDFs reaches q.
 * Quantiles do not add, so this is only the fallback for snapshots written before {@code latency_sketch} existed (the
 * report merges the sketches otherwise, and says when it had to estimate). Stateless.
 */
public final class LatencyEstimate {

    private LatencyEstimate() {
    }

    /** A minute's latency summary: samples and the CDF points. */
    public record Minute(long samples, double[] xs, double[] fs) {
    }

    public static Minute of(SliSnapshot s, long samples, double targetMs) {
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[]{0, 0});
        pts.add(new double[]{s.getP50Ms(), rankShare(0.50, samples)});
        pts.add(new double[]{s.getP95Ms(), rankShare(0.95, samples)});
        pts.add(new double[]{s.getP99Ms(), rankShare(0.99, samples)});
        pts.add(new double[]{targetMs, samples == 0 ? 0 : (double) s.getUnderLatencyTarget() / samples});
        pts.add(new double[]{Math.max(1, s.getP99Ms() * 1.2), 1});
        pts.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        double[] xs = new double[pts.size()];
        double[] fs = new double[pts.size()];
        double floor = 0;
        for (int i = 0; i < pts.size(); i++) {
            xs[i] = pts.get(i)[0];
            floor = Math.max(floor, pts.get(i)[1]);
            fs[i] = floor;
        }
        return new Minute(samples, xs, fs);
    }

    /**
     * The share of a minute's samples at or below its q-quantile. The engine's q-quantile is the sample at
     * rank floor(q (n - 1)) (0-based), so with 25 samples the "p95" is the 23rd smallest: 90% of the
     * minute, not 95%. Using the rank removes that small-sample bias (the midpoint of the sample's step).
     */
    static double rankShare(double q, long n) {
        if (n <= 0) {
            return q;
        }
        return (Math.floor(q * (n - 1)) + 0.5) / n;
    }

    /** The q-quantile over the minutes; null when they hold no sample. */
    public static Double quantile(List<Minute> minutes, double q) {
        long total = minutes.stream().mapToLong(Minute::samples).sum();
        if (total == 0) {
            return null;
        }
        double lo = 0;
        double hi = minutes.stream().mapToDouble(m -> m.xs()[m.xs().length - 1]).max().orElse(1);
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            double below = 0;
            for (Minute m : minutes) {
                below += m.samples() * cdf(m, mid);
            }
            if (below / total >= q) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static double cdf(Minute m, double x) {
        double[] xs = m.xs();
        double[] fs = m.fs();
        if (x <= xs[0]) {
            return fs[0];
        }
        for (int i = 1; i < xs.length; i++) {
            if (x <= xs[i]) {
                double a = Math.log(Math.max(1, xs[i - 1]));
                double b = Math.log(Math.max(1, xs[i]));
                return b <= a ? fs[i] : fs[i - 1] + (fs[i] - fs[i - 1]) * (Math.log(Math.max(1, x)) - a) / (b - a);
            }
        }
        return 1;
    }
}
