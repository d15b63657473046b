package dev.keel.report;

import dev.keel.config.SloConfig;
import dev.keel.config.SloObjectives;
import dev.keel.report.SloReport.Budget;
import dev.keel.report.SloReport.BudgetPoint;
import dev.keel.report.SloReport.Point;
import dev.keel.report.SloReport.Totals;
import dev.keel.report.internal.IncidentBuilder;
import dev.keel.report.internal.LatencyEstimate;
import dev.keel.schemas.Lane;
import dev.keel.schemas.SliSnapshot;
import dev.keel.slo.MergedLatency;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a window's snapshots and pages into a {@link SloReport}, with the SLO app's definitions
 * (slo-streams/README.md): served = not REJECTED; latency over the latency lanes only; the budget
 * fraction (1 - target) in decimal; the latency verdict by rank, as the {@code p95_latency} rule does.
 * Stateless apart from its config and clock.
 */
public final class ReportCalculator {

    /** Chart buckets per window: a day gets 10-minute points, 30 days 5-hour points. */
    static final int TARGET_POINTS = 144;
    private static final long MINUTE = 60_000;

    private final SloConfig slo;
    private final Clock clock;

    public ReportCalculator(SloConfig slo, Clock clock) {
        this.slo = slo;
        this.clock = clock;
    }

    public SloReport compute(String scope, ReportWindow window, ReportInput input) {
        SloObjectives o = slo.objectivesFor(scope);
        List<SliSnapshot> snaps = input.snapshots().stream().sorted(Comparator.comparingLong(SliSnapshot::getWindowStart)).toList();
        Totals totals = totals(snaps, o);
        double allowed = budgetFraction(o) * totals.served();
        Budget budget = new Budget(allowed, totals.failures(), allowed - totals.failures(),
                allowed == 0 ? 1.0 : 1.0 - totals.failures() / allowed);
        // Charts start where the data does (to the hour) when that is later than the window: a 30-day report of a
        // topic that holds one day would otherwise draw 29 empty days; the coverage note says why.
        long chartFrom = snaps.isEmpty() ? window.from() : Math.max(window.from(), Math.floorDiv(snaps.getFirst().getWindowStart(), 3_600_000L) * 3_600_000L);
        int bucketMinutes = (int) Math.max(1, Math.ceil((window.to() - chartFrom) / (double) MINUTE / TARGET_POINTS));
        List<Point> series = new ArrayList<>();
        List<BudgetPoint> burn = new ArrayList<>();
        burn.add(new BudgetPoint(chartFrom, 1.0));
        long failuresSoFar = 0;
        int i = 0;
        for (long start = chartFrom; start < window.to(); start += bucketMinutes * MINUTE) {
            long end = Math.min(window.to(), start + bucketMinutes * MINUTE);
            List<SliSnapshot> bucket = new ArrayList<>();
            while (i < snaps.size() && snaps.get(i).getWindowStart() < end) {
                bucket.add(snaps.get(i++));
            }
            Totals t = totals(bucket, o);
            series.add(new Point(start, end, t.served(), t.successRate(), t.p95Ms(), t.avgCostUsd()));
            failuresSoFar += t.failures();
            burn.add(new BudgetPoint(end, allowed == 0 ? 1.0 : 1.0 - failuresSoFar / allowed));
        }
        List<SloReport.Incident> incidents = new IncidentBuilder(window, snaps, allowed).incidents(input.pages());
        List<String> warnings = new ArrayList<>();
        long needed = Math.max(slo.minRequests(), (long) Math.ceil(1 / budgetFraction(o) - 1e-9));
        boolean enough = totals.served() >= needed;
        if (!enough) {
            warnings.add(String.format(Locale.ROOT, "Too little data to judge: %,d requests were served in this window; at least %,d are "
                    + "needed before one failure can no longer decide the verdict. The numbers below are shown as measured, not as a verdict.",
                    totals.served(), needed));
        }
        coverage(window, input, snaps).ifPresent(warnings::add);
        if (!totals.p95Exact()) {
            warnings.add(ReportText.p95EstimatedNote(totals));
        }
        return new SloReport(scope, window, o, totals, budget, incidents, series, burn, chartFrom, bucketMinutes, enough, warnings, clock.millis());
    }

    private java.util.Optional<String> coverage(ReportWindow window, ReportInput input, List<SliSnapshot> snaps) {
        Long start = input.sliTopicStart();
        if (start == null) {
            return java.util.Optional.of("The SLI topic holds no data at all.");
        }
        // A snapshot is stamped with its window end, so the topic's data begins a minute before its first record.
        long dataStart = Math.max(start - MINUTE, snaps.isEmpty() ? start - MINUTE : Math.min(snaps.getFirst().getWindowStart(), start - MINUTE));
        if (dataStart > window.from() + MINUTE) {
            Duration held = Duration.ofMillis(window.to() - dataStart);
            return java.util.Optional.of("The SLI topic holds data only since " + Formats.time(dataStart) + ": " + Formats.duration(held)
                    + " of the " + Formats.duration(window.length()) + " asked for (the SLO app started later, or the topic's retention is "
                    + "shorter than the window; Keel creates it with 31 days).");
        }
        return java.util.Optional.empty();
    }

    private Totals totals(List<SliSnapshot> snaps, SloObjectives o) {
        long count = 0, success = 0, rejected = 0, samples = 0, under = 0, nanos = 0, hits = 0, failovers = 0;
        List<LatencyEstimate.Minute> minutes = new ArrayList<>();
        MergedLatency merged = new MergedLatency();
        Set<Long> unsketched = new HashSet<>();
        for (SliSnapshot s : snaps) {
            count += s.getCount();
            success += s.getSuccess();
            rejected += s.getRejected();
            nanos += Math.round(s.getCostUsdSum() * 1e9);
            hits += s.getCacheHits();
            failovers += s.getFailovers();
            if (latencyLane(s.getLane())) {
                long served = s.getCount() - s.getRejected();
                samples += served;
                under += s.getUnderLatencyTarget();
                if (served > 0) {
                    minutes.add(LatencyEstimate.of(s, served, o.latencyTarget().toMillis()));
                    if (s.getLatencySketch() == null) {
                        unsketched.add(s.getWindowStart());
                    } else {
                        merged.add(s.getLatencySketch());
                    }
                }
            }
        }
        // Exact when every minute kept its sketch: the same merge the status endpoint does. A minute written before
        // sketches were kept cannot join the merge, so then the whole window falls back to the estimate (and says so).
        Double p95 = unsketched.isEmpty() ? merged.quantile(o.latencyPercentile()) : LatencyEstimate.quantile(minutes, o.latencyPercentile());
        return new Totals(count, count - rejected, success, rejected, samples, under, nanos, hits, failovers, p95, unsketched.size());
    }

    private boolean latencyLane(Lane lane) {
        return lane == Lane.INTERACTIVE || slo.includeBatchInLatency();
    }

    /** 1 - target in decimal, as the SLO app computes it (99.5% leaves exactly 0.005). */
    static double budgetFraction(SloObjectives o) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(o.successRate())).doubleValue();
    }
}
