package dev.keel.slo.internal;

import dev.keel.config.SloObjectives;
import dev.keel.schemas.Severity;

import java.time.Duration;

/**
 * An alert rule of the SLO engine. Implementations are immutable and decide from window totals
 * only, so the same input gives the same verdicts whatever the order the records came in.
 */
interface Rule {

    /** The rule name of DESIGN.md ({@code p95_latency}, {@code burn_rate_fast} ...): half of the alert key. */
    String name();

    Severity severity();

    /** The window reported in pages (for burn-rate rules the long one). */
    Duration window();

    /** How long the condition must hold at every evaluation before the rule fires. */
    Duration hold();

    /** The burn-rate rules' short window; null otherwise. */
    default Duration shortWindow() {
        return null;
    }

    /** Whether the rule watches every scope, or only {@code global}. */
    default boolean everyScope() {
        return true;
    }

    /** Registers the windows this rule reads. */
    void register(TrailingWindows windows);

    Verdict evaluate(String scope, SloObjectives objectives, EvaluationInput input);

    /** One sentence for the on-call person. */
    String summary(String scope, boolean firing, Verdict verdict, long startedAt);

    /** The event time a breach found at {@code evaluatedAt} began (the rule's first breaching window). */
    default long breachStart(long evaluatedAt, long windowMs) {
        return evaluatedAt - windowMs;
    }
}
