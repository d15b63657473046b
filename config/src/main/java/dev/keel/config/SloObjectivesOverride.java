package dev.keel.config;

import java.time.Duration;

/**
 * Targets of one scope (e.g. {@code feature:legal-review}) that differ from {@code slo.objectives};
 * an unset field keeps the global target. The period is always the global one.
 */
public record SloObjectivesOverride(Double successRate, Duration latencyTarget, Double latencyPercentile, Double avgCostUsd) {

    public SloObjectivesOverride {
        // Validate through the full record so an override obeys the same rules as the global objectives.
        new SloObjectives(successRate, latencyTarget, latencyPercentile, avgCostUsd, null);
    }

    /** The objectives of the scope: this override laid over {@code base}. */
    public SloObjectives applyTo(SloObjectives base) {
        return new SloObjectives(
                successRate == null ? base.successRate() : successRate,
                latencyTarget == null ? base.latencyTarget() : latencyTarget,
                latencyPercentile == null ? base.latencyPercentile() : latencyPercentile,
                avgCostUsd == null ? base.avgCostUsd() : avgCostUsd,
                base.period());
    }
}
