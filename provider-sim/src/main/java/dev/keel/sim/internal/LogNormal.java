package dev.keel.sim.internal;

import java.util.SplittableRandom;

/**
 * Samples a log-normal distribution given by its median and 95th percentile: {@code mu = ln(median)},
 * {@code sigma = (ln(p95) - mu) / 1.6449}. Latency is right-skewed like this: mostly near the median,
 * with a long tail. Stateless; the random source is the caller's.
 */
final class LogNormal {

    private static final double Z95 = 1.6448536269514722;

    private LogNormal() {
    }

    static double sample(double medianMs, double p95Ms, SplittableRandom random) {
        double z = gaussian(random);
        if (medianMs <= 0) {
            return 0;
        }
        if (p95Ms <= medianMs) {
            return medianMs;
        }
        double mu = Math.log(medianMs);
        double sigma = (Math.log(p95Ms) - mu) / Z95;
        return Math.exp(mu + sigma * z);
    }

    /** Standard normal by Box-Muller; always consumes two draws so decisions stay aligned across settings. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
