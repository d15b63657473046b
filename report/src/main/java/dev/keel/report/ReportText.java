package dev.keel.report;

import dev.keel.config.SloObjectives;

import java.util.List;

/**
 * The words of a report, shared by the HTML and Markdown renderings: the client sentence with its
 * verdicts, and SLI / SLO / SLA in two lines each (Keel publishes SLOs, not SLAs). Stateless.
 */
public final class ReportText {

    private ReportText() {
    }

    public record Definition(String term, String name, String lines) {
    }

    /** "Over the 30 days ending 10 March 2030, 99.62% of requests succeeded (objective 99.5%: kept), ..." */
    public static String sentence(SloReport r) {
        SloReport.Totals t = r.totals();
        SloObjectives o = r.objectives();
        if (t.served() == 0) {
            return "No request was served for " + r.scope() + " in " + span(r) + ", so there is nothing to report yet.";
        }
        String latency = t.underTargetShare() == null ? "no latency was measured"
                : "p95 latency " + (t.p95Ms() == null ? "-" : Formats.seconds(t.p95Ms())) + " (" + Formats.percent1(t.underTargetShare())
                + " of requests within " + Formats.seconds(o.latencyTarget().toMillis()) + "; objective: " + Formats.percent1(o.latencyPercentile())
                + " within " + Formats.seconds(o.latencyTarget().toMillis()) + ", " + verdict(r.latencyKept()) + ")";
        return "Over " + span(r) + ", " + Formats.percent(t.successRate()) + " of " + Formats.count(t.served()) + " requests succeeded (objective "
                + Formats.percent1(o.successRate()) + ", " + verdict(r.successKept()) + "), " + latency + ", and the average request cost "
                + Formats.usd(t.avgCostUsd()) + " (objective at most " + Formats.usd(o.avgCostUsd()) + ", " + verdict(r.costKept()) + ").";
    }

    public static String span(SloReport r) {
        return "the " + Formats.duration(r.window().length()) + " ending " + Formats.time(r.window().to());
    }

    public static String verdict(boolean kept) {
        return kept ? "kept" : "missed";
    }

    public static List<Definition> definitions(SloObjectives o) {
        return List.of(
                new Definition("SLI", "Service level indicator", "What we measure, from every result Keel publishes: the share of requests "
                        + "that succeed, how long a caller waits (queue plus processing), and what a request costs. "
                        + "Nothing is sampled or estimated away: each request counts once."),
                new Definition("SLO", "Service level objective", "The target we publish and steer by: " + Formats.percent1(o.successRate())
                        + " of requests succeed, " + Formats.percent1(o.latencyPercentile()) + " finish within " + Formats.seconds(o.latencyTarget().toMillis())
                        + ", and a request costs at most " + Formats.usd(o.avgCostUsd()) + " on average, over a rolling " + Formats.duration(o.period()) + ". "
                        + "When we are at risk of missing it, we are paged and reliability work comes first."),
                new Definition("SLA", "Service level agreement", "A contract that attaches penalties to a target. We publish SLOs, not SLAs: "
                        + "these are the numbers we measure and manage to, not a legal promise; any SLA is a separate agreement."));
    }

    /** The warning when some minutes have no latency sketch (written by an SLO app from before sketches were kept). */
    public static String p95EstimatedNote(SloReport.Totals t) {
        return "p95 estimated for " + Formats.count(t.p95EstimatedMinutes()) + (t.p95EstimatedMinutes() == 1 ? " minute" : " minutes")
                + " recorded before sketches were kept: their snapshots hold only per-minute quantiles, so the window's p95 latency is "
                + "estimated from them (within a few percent) and may differ from keel status. The share within the latency target "
                + "and every other number are exact.";
    }

    /** How the p95 was obtained, for the footers. */
    public static String p95Provenance(SloReport r) {
        return r.totals().p95Exact()
                ? "the p95 value is exact (the per-minute latency sketches merged, as keel status does; within 1% of the exact sample)"
                : "the p95 value is estimated from per-minute quantiles (" + Formats.count(r.totals().p95EstimatedMinutes())
                + " minutes were recorded before sketches were kept)";
    }

    public static String budgetLine(SloReport r) {
        SloReport.Budget b = r.budget();
        return "The " + Formats.percent1(1 - r.objectives().successRate()) + " of " + Formats.count(r.totals().served())
                + " served requests the objective allows to fail is " + Formats.count(b.allowed()) + " requests; " + Formats.count(b.spent())
                + " failed (" + Formats.percent1(b.spentFraction()) + " of the budget), leaving " + Formats.count(b.remaining()) + " ("
                + Formats.percent1(b.remainingFraction()) + ").";
    }
}
