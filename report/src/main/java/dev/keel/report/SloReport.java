package dev.keel.report;

import dev.keel.config.SloObjectives;

import java.util.List;

/**
 * Everything a report says, computed once and rendered as HTML and Markdown. Counts are exact sums of
 * the window's SLI snapshots (cost in nano-dollars), so they equal what the SLO app's status endpoint
 * counts over the same minutes. Immutable.
 *
 * @param chartFrom where the charts start: the window's start, or the first hour with data when that is later
 * @param warnings plain statements about the data (too little, topic shorter than the window); empty when none
 */
public record SloReport(String scope, ReportWindow window, SloObjectives objectives, Totals totals, Budget budget,
                        List<Incident> incidents, List<Point> series, List<BudgetPoint> burnDown, long chartFrom, int bucketMinutes,
                        boolean enoughData, List<String> warnings, long generatedAt) {

    public SloReport {
        incidents = List.copyOf(incidents);
        series = List.copyOf(series);
        burnDown = List.copyOf(burnDown);
        warnings = List.copyOf(warnings);
    }

    /**
     * Totals over the window. Served = every result but REJECTED (a budget decision, not an outage).
     *
     * @param latencySamples served results of the latency lanes (INTERACTIVE unless batch is included)
     * @param underTarget    of those, the ones at or under the latency target
     * @param p95Ms          the window's p95: exact (the merged latency sketches, as the status endpoint computes it), or estimated
     *                       from the per-minute quantiles when a minute has no sketch (see README); null when no latency sample
     * @param p95EstimatedMinutes minutes with latency samples whose snapshot has no sketch (written before sketches were kept);
     *                       when positive, {@code p95Ms} is the estimate
     */
    public record Totals(long count, long served, long success, long rejected, long latencySamples, long underTarget,
                         long costNanos, long cacheHits, long failovers, Double p95Ms, long p95EstimatedMinutes) {

        public boolean p95Exact() {
            return p95EstimatedMinutes == 0;
        }

        public long failures() {
            return served - success;
        }

        public Double successRate() {
            return served == 0 ? null : (double) success / served;
        }

        public double costUsd() {
            return costNanos / 1e9;
        }

        public Double avgCostUsd() {
            return served == 0 ? null : costUsd() / served;
        }

        public Double underTargetShare() {
            return latencySamples == 0 ? null : (double) underTarget / latencySamples;
        }
    }

    /** The error budget over the window: allowed = (1 - target) x served failures; remaining may be negative. */
    public record Budget(double allowed, long spent, double remaining, double remainingFraction) {

        public double spentFraction() {
            return allowed == 0 ? 0 : spent / allowed;
        }
    }

    /**
     * One incident from {@code slo.pages}: a FIRING and the RESOLVED that followed it (null while it lasts).
     *
     * @param failures     failed requests of the scope between start and resolution (inside the window)
     * @param budgetShare  those failures as a share of the window's allowed budget
     */
    public record Incident(String alertKey, String rule, String severity, String scope, long startedAt, Long resolvedAt,
                           long durationMs, long failures, double budgetShare, String summary) {
    }

    /** One chart bucket: rates over served results; null when nothing was served in it. */
    public record Point(long start, long end, long served, Double successRate, Double p95Ms, Double avgCostUsd) {
    }

    /** The budget left (fraction of the window's allowed failures) at the end of a bucket. */
    public record BudgetPoint(long time, double remainingFraction) {
    }

    /** Whether each objective was met over the window (the latency verdict is exact: see README). */
    public boolean successKept() {
        return totals.successRate() != null && totals.successRate() >= objectives.successRate();
    }

    public boolean latencyKept() {
        long n = totals.latencySamples();
        return n > 0 && totals.underTarget() > (long) Math.floor(objectives.latencyPercentile() * (n - 1));
    }

    public boolean costKept() {
        return totals.avgCostUsd() != null && totals.avgCostUsd() <= objectives.avgCostUsd();
    }
}
