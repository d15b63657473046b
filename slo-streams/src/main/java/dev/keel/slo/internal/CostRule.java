package dev.keel.slo.internal;

import dev.keel.config.SloObjectives;
import dev.keel.config.SloThresholdAlert;


/** {@code avg_cost}: cost of the served requests / served requests over the window is above the budget. */
record CostRule(SloThresholdAlert config, int minRequests) implements ThresholdRule {

    @Override
    public String name() {
        return "avg_cost";
    }

    @Override
    public Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input) {
        Bucket b = input.totals().of(scope, config.window().toMillis());
        if (b.served() < minRequests) {
            return Verdict.noData(objectives.avgCostUsd());
        }
        double avg = b.costUsd() / b.served();
        return new Verdict(avg > objectives.avgCostUsd(), true, avg, objectives.avgCostUsd());
    }

    @Override
    public String summary(String scope, boolean firing, Verdict v, long startedAt) {
        if (firing) {
            return "Requests of " + scope + " cost " + Texts.usd(v.observed()) + " on average over the last "
                    + Texts.duration(window()) + ", above the " + Texts.usd(v.threshold()) + " budget, since " + Texts.time(startedAt) + ".";
        }
        return v.enoughData()
                ? "Average cost of " + scope + " is back to " + Texts.usd(v.observed()) + " over the last " + Texts.duration(window())
                        + " (budget " + Texts.usd(v.threshold()) + ")."
                : "Average cost of " + scope + " is no longer measured: fewer than " + minRequests + " requests in the last "
                        + Texts.duration(window()) + ".";
    }
}
