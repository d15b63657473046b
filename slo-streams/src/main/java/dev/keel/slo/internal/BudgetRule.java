package dev.keel.slo.internal;

import dev.keel.config.SloObjectives;
import dev.keel.schemas.Severity;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code budget_exhausted} (TICKET): the scope has used its whole error budget over the period
 * (failures >= (1 - target) x served), with at least max(min-requests, 1 / (1 - target)) served requests
 * so that one failure alone cannot spend it (200 at 99.5%). Reported value:
 * the fraction of the budget left (0 or below when firing).
 */
record BudgetRule(Duration period, int minRequests) implements Rule {

    /** (1 - target) x served: the failures the period allows. */
    static double allowed(Bucket b, SloObjectives objectives) {
        return budgetFraction(objectives) * b.served();
    }

    /**
     * 1 - target, computed in decimal so that a 99.5% target leaves exactly 0.005 (binary floating
     * point would make it 0.0050000000000000044, and 3 failures of 600 would not spend the budget).
     */
    static double budgetFraction(SloObjectives objectives) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(objectives.successRate())).doubleValue();
    }

    /** The fraction of the budget left; 1 when nothing was served, negative when overspent. */
    static double remainingFraction(Bucket b, SloObjectives objectives) {
        double allowed = allowed(b, objectives);
        return allowed == 0 ? 1.0 : 1.0 - b.failures() / allowed;
    }

    @Override
    public String name() {
        return "budget_exhausted";
    }

    @Override
    public Severity severity() {
        return Severity.TICKET;
    }

    @Override
    public Duration window() {
        return period;
    }

    @Override
    public Duration hold() {
        return Duration.ZERO;
    }

    @Override
    public void register(TrailingWindows windows) {
        windows.window(period, true);
    }

    @Override
    public Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input) {
        Bucket b = input.totals().of(scope, period.toMillis());
        if (b.served() < Math.max(minRequests, BurnRateRule.oneFailureFloor(1 / budgetFraction(objectives)))) {
            return Verdict.noData(0);
        }
        return new Verdict(b.failures() >= allowed(b, objectives), true, remainingFraction(b, objectives), 0);
    }

    @Override
    public String summary(String scope, boolean firing, Verdict v, long startedAt) {
        if (firing) {
            return "The " + Texts.duration(period) + " error budget of " + scope + " is spent (" + Texts.percent(v.observed())
                    + " left): freeze risky changes and deploys for " + scope + " until it recovers.";
        }
        return "The " + Texts.duration(period) + " error budget of " + scope + " has recovered (" + Texts.percent(v.observed())
                + " left): changes may resume.";
    }
}
