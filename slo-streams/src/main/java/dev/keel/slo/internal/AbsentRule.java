package dev.keel.slo.internal;

import dev.keel.config.SloAbsentAlert;
import dev.keel.config.SloObjectives;
import dev.keel.schemas.Severity;

import java.time.Duration;

/**
 * {@code results_absent} (global only): at least {@code min-requests} requests arrived (by
 * {@code created_at}) in the last {@code after}, and not one result (by {@code completed_at}, any
 * status or lane) did. Dead workers page even though no result reports them. Reported value: the
 * requests seen in the window; threshold: the minimum.
 */
record AbsentRule(SloAbsentAlert config) implements Rule {

    @Override
    public String name() {
        return "results_absent";
    }

    @Override
    public Severity severity() {
        return Severity.PAGE;
    }

    @Override
    public Duration window() {
        return config.after();
    }

    @Override
    public Duration hold() {
        return Duration.ZERO;
    }

    @Override
    public boolean everyScope() {
        return false;
    }

    @Override
    public void register(TrailingWindows windows) {
        windows.window(config.after(), false);
    }

    @Override
    public Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input) {
        long results = input.totals().of(scope, config.after().toMillis()).count();
        long requests = input.requestsInAbsentWindow();
        boolean breach = requests >= config.minRequests() && results == 0;
        return new Verdict(breach, requests >= config.minRequests(), requests, config.minRequests());
    }

    @Override
    public String summary(String scope, boolean firing, Verdict v, long startedAt) {
        if (firing) {
            return String.format(java.util.Locale.ROOT, "%d requests arrived in the last %s but no result came back since %s: "
                    + "router workers may be down or stuck.", (long) v.observed(), Texts.duration(window()), Texts.time(startedAt));
        }
        return "Results are flowing again (or requests stopped): " + (long) v.observed() + " requests in the last "
                + Texts.duration(window()) + ".";
    }

    @Override
    public long breachStart(long evaluatedAt, long windowMs) {
        return evaluatedAt - config.after().toMillis();
    }
}
