package dev.keel.slo.internal;

import dev.keel.config.SloObjectives;
import dev.keel.config.SloThresholdAlert;


/** {@code success_rate}: successes / served requests over the window is below the target. */
record SuccessRule(SloThresholdAlert config, int minRequests) implements ThresholdRule {

    @Override
    public String name() {
        return "success_rate";
    }

    @Override
    public Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input) {
        Bucket b = input.totals().of(scope, config.window().toMillis());
        if (b.served() < minRequests) {
            return Verdict.noData(objectives.successRate());
        }
        double rate = (double) b.success() / b.served();
        return new Verdict(rate < objectives.successRate(), true, rate, objectives.successRate());
    }

    @Override
    public String summary(String scope, boolean firing, Verdict v, long startedAt) {
        if (firing) {
            return "Only " + Texts.percent(v.observed()) + " of " + scope + " requests succeeded over the last "
                    + Texts.duration(window()) + ", below the " + Texts.percent(v.threshold()) + " objective, since "
                    + Texts.time(startedAt) + ".";
        }
        return v.enoughData()
                ? scope + " success rate is back to " + Texts.percent(v.observed()) + " over the last " + Texts.duration(window())
                        + " (objective " + Texts.percent(v.threshold()) + ")."
                : scope + " success rate is no longer measured: fewer than " + minRequests + " requests in the last "
                        + Texts.duration(window()) + ".";
    }
}
