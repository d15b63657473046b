package dev.keel.alerts;

import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.Severity;

import java.time.Instant;

/** Page events as the SLO app writes them, with explicit event times. */
final class Pages {

    static final long T0 = Instant.parse("2030-03-10T12:00:00Z").toEpochMilli();

    private Pages() {
    }

    static PageEvent firing(String rule, String scope, Severity severity, int minute) {
        return page(rule, scope, severity, AlertState.FIRING, minute - 5, minute);
    }

    static PageEvent resolved(String rule, String scope, Severity severity, int startedMinute, int minute) {
        return page(rule, scope, severity, AlertState.RESOLVED, startedMinute, minute);
    }

    static PageEvent page(String rule, String scope, Severity severity, AlertState state, int startedMinute, int minute) {
        boolean firing = state == AlertState.FIRING;
        return PageEvent.newBuilder()
                .setAlertKey(rule + "|" + scope)
                .setRule(rule)
                .setSeverity(severity)
                .setState(state)
                .setScope(scope)
                .setObserved(firing ? 0.42 : 0.999)
                .setThreshold(0.995)
                .setWindow("PT1M")
                .setFor$("PT5M")
                .setStartedAt(T0 + startedMinute * 60_000L)
                .setEvaluatedAt(T0 + minute * 60_000L)
                .setEmittedAt(T0 + minute * 60_000L + 900)
                .setSummary(firing ? "Success rate of " + scope + " is 42.00%, under its 99.50% objective for 5 minutes."
                        : "Success rate of " + scope + " is back to 99.90%.")
                .setRunbook("slo-streams/README.md#runbook-" + rule.replace('_', '-'))
                .build();
    }
}
