package dev.keel.slo.internal;

import dev.keel.config.SloObjectives;
import dev.keel.config.SloThresholdAlert;


/**
 * {@code p95_latency}: the latency percentile over the window is above the target. The decision is
 * exact, from counts: with n samples the percentile is the sample at rank floor(q * (n - 1)), which
 * is above the target exactly when at most that many samples are at or under it. The reported value
 * is the sketch's estimate (within 1%).
 */
record LatencyRule(SloThresholdAlert config, int minRequests) implements ThresholdRule {

    @Override
    public String name() {
        return "p95_latency";
    }

    @Override
    public boolean readsLatency() {
        return true;
    }

    @Override
    public Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input) {
        double threshold = objectives.latencyTarget().toMillis();
        Bucket b = input.totals().of(scope, config.window().toMillis());
        long n = b.latencySamples();
        if (n < minRequests) {
            return Verdict.noData(threshold);
        }
        long rank = (long) Math.floor(objectives.latencyPercentile() * (n - 1));
        return new Verdict(b.underTarget() <= rank, true, b.quantile(objectives.latencyPercentile()), threshold);
    }

    @Override
    public String summary(String scope, boolean firing, Verdict v, long startedAt) {
        if (firing) {
            return "p95 latency of " + scope + " is " + Texts.millis(v.observed()) + " over the last " + Texts.duration(window())
                    + ", above the " + Texts.millis(v.threshold()) + " target, and has been since " + Texts.time(startedAt) + ".";
        }
        return v.enoughData()
                ? "p95 latency of " + scope + " is back to " + Texts.millis(v.observed()) + " over the last " + Texts.duration(window())
                        + " (target " + Texts.millis(v.threshold()) + ")."
                : "p95 latency of " + scope + " is no longer measured: fewer than " + minRequests + " requests in the last "
                        + Texts.duration(window()) + ".";
    }
}
