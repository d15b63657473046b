package dev.keel.slo.internal;

import dev.keel.config.SloBurnRateAlert;
import dev.keel.config.SloObjectives;
import dev.keel.schemas.Severity;

import java.time.Duration;

/**
 * A multi-window burn-rate rule: burn = (failures / served) / (1 - success target) over a window;
 * the rule holds when the burn is above {@code factor} over both the long and the short window, each
 * with at least {@link #minimumServed} served requests. The short window makes it resolve soon after the
 * burning stops. Reported value: the smaller of the two burns (the one that decides).
 */
record BurnRateRule(String name, SloBurnRateAlert config, int minRequests) implements Rule {

    static double burn(Bucket b, SloObjectives objectives) {
        return b.served() == 0 ? 0 : ((double) b.failures() / b.served()) / BudgetRule.budgetFraction(objectives);
    }

    /**
     * The configured minimum, raised so that one failure alone can never fire the rule: with n served
     * requests one failure burns at 1 / (n x (1 - target)), which is at most {@code factor} once
     * n >= 1 / ((1 - target) x factor).
     */
    long minimumServed(SloObjectives objectives) {
        return Math.max(minRequests, oneFailureFloor(1 / (BudgetRule.budgetFraction(objectives) * config.factor())));
    }

    static long oneFailureFloor(double n) {
        return (long) Math.ceil(n - 1e-9);
    }

    @Override
    public Severity severity() {
        return config.severity() == dev.keel.config.SloSeverity.TICKET ? Severity.TICKET : Severity.PAGE;
    }

    @Override
    public Duration window() {
        return config.longWindow();
    }

    @Override
    public Duration shortWindow() {
        return config.shortWindow();
    }

    @Override
    public Duration hold() {
        return Duration.ZERO;
    }

    @Override
    public void register(TrailingWindows windows) {
        windows.window(config.longWindow(), false).window(config.shortWindow(), false);
    }

    @Override
    public Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input) {
        Bucket longW = input.totals().of(scope, config.longWindow().toMillis());
        Bucket shortW = input.totals().of(scope, config.shortWindow().toMillis());
        long needed = minimumServed(objectives);
        if (longW.served() < needed || shortW.served() < needed) {
            return Verdict.noData(config.factor());
        }
        double burnLong = burn(longW, objectives);
        double burnShort = burn(shortW, objectives);
        double decisive = Math.min(burnLong, burnShort);
        return new Verdict(decisive > config.factor(), true, decisive, config.factor());
    }

    @Override
    public String summary(String scope, boolean firing, Verdict v, long startedAt) {
        String windows = Texts.duration(config.longWindow()) + " and " + Texts.duration(config.shortWindow());
        if (firing) {
            return scope + " is burning its 30-day error budget at " + Texts.times(v.observed()) + " the sustainable rate over the last "
                    + windows + " (alert at " + Texts.times(v.threshold()) + "), since " + Texts.time(startedAt) + ".";
        }
        return v.enoughData()
                ? scope + " error-budget burn is down to " + Texts.times(v.observed()) + " over the last " + windows
                        + " (alert at " + Texts.times(v.threshold()) + ")."
                : scope + " error-budget burn is no longer measured: too few requests in the last "
                        + Texts.duration(config.shortWindow()) + ".";
    }
}
