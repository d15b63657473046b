package dev.keel.cli.drill;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The drill report as Markdown: the numbers against the objectives, the timeline, the findings. */
final class MarkdownReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private MarkdownReport() {
    }

    static String render(DrillReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(r.drillId()).append("\n\n");
        md.append("- Started ").append(time(r.startedAt())).append(" by ").append(r.startedBy());
        md.append(r.note() == null ? "" : " — " + r.note()).append('\n');
        md.append("- Ended ").append(r.endedAt() == null ? "(still running when this report was written)" : time(r.endedAt()))
                .append(r.endedAt() == null ? "" : " (" + duration(r.endedAt() - r.startedAt()) + ")").append("\n\n");

        md.append("## Results\n\n| measure | during the drill | objective | |\n|---|---|---|---|\n");
        row(md, "failover time (revocation on keel.control → first success on the " + r.failoverProvider() + ")",
                r.failoverMs() == null ? "not seen" : ms(r.failoverMs()), "", "");
        row(md, "requests failed", String.valueOf(r.requests().failed()), "", r.requests().failed() == 0 ? "kept" : "see findings");
        row(md, "success rate", r.successRate() == null ? "-" : pct(r.successRate()), "≥ " + pct(r.objectives().successRate()),
                kept(r.successKept()));
        row(md, "p95 latency (queue + processing, interactive)", r.p95Ms() == null ? "-" : ms(Math.round(r.p95Ms())),
                "≤ " + ms(r.objectives().latencyTargetMs()), kept(r.latencyKept()));
        row(md, "average cost", r.avgCostUsd() == null ? "-" : String.format(Locale.ROOT, "$%.6f", r.avgCostUsd()),
                String.format(Locale.ROOT, "≤ $%.3f", r.objectives().avgCostUsd()),
                r.avgCostUsd() == null ? "" : kept(r.avgCostUsd() <= r.objectives().avgCostUsd()));
        row(md, "error budget spent by the drill", budget(r.budget()), "", "");
        row(md, "time until the " + r.drilledProvider() + " served again after the restore",
                r.primaryBackMs() == null ? (r.restoredAt() == null ? "no restore seen" : "not yet") : ms(r.primaryBackMs()),
                "≤ cooldown " + ms(r.cooldownMs()), r.primaryBackMs() == null ? "" : kept(r.primaryBackMs() <= r.cooldownMs() + DrillAnalysis.RESTORE_SLACK_MS));
        DrillReport.Requests q = r.requests();
        md.append(String.format(Locale.ROOT, "%nRequests completed during the drill: %,d (served %,d: %,d succeeded, %,d failed; %,d rejected by budget). "
                        + "Served by the %s %,d, by the %s %,d, from the cache %,d.%n%n",
                q.total(), q.served(), q.succeeded(), q.failed(), q.rejected(), r.drilledProvider(), q.onDrilledProvider(),
                r.failoverProvider(), q.onFailoverProvider(), q.cacheHits()));

        md.append("## Timeline\n\n| time (UTC) | source | who | what |\n|---|---|---|---|\n");
        for (DrillReport.TimelineEntry e : r.timeline()) {
            md.append("| ").append(CLOCK.format(Instant.ofEpochMilli(e.at()))).append(" | ").append(e.source()).append(" | ")
                    .append(cell(e.who())).append(" | ").append(cell(e.what())).append(" |\n");
        }
        md.append("\n## Findings\n\n");
        if (r.findings().isEmpty()) {
            md.append("None: failover was seen, nothing failed, the objectives held and the ").append(r.drilledProvider())
                    .append(" came back within its cooldown.\n");
        } else {
            r.findings().forEach(f -> md.append("- [ ] ").append(f).append('\n'));
        }
        md.append("\nA finding is anything that cost error budget, broke an objective, took longer than the SOP expects, or "
                + "needed a step the SOP does not have (drills/README.md#findings).\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String what, String value, String objective, String verdict) {
        md.append("| ").append(what).append(" | ").append(value).append(" | ").append(objective).append(" | ").append(verdict).append(" |\n");
    }

    private static String budget(DrillReport.Budget b) {
        String own = String.format(Locale.ROOT, "%d failure(s); the drill's own traffic allowed %.1f", b.failures(), b.drillAllowance());
        if (b.spentFraction30d() == null) {
            return own + " (no baseline: 30-day share unknown)";
        }
        String share = String.format(Locale.ROOT, "%.3f %% of the 30-day budget (%.1f failures allowed at the start)",
                100 * b.spentFraction30d(), b.allowed30d());
        String left = b.remainingBefore() == null ? "" : String.format(Locale.ROOT, "; budget left %.1f %% → %s", 100 * b.remainingBefore(),
                b.remainingAfter() == null ? "?" : String.format(Locale.ROOT, "%.1f %%", 100 * b.remainingAfter()));
        return share + left;
    }

    private static String kept(Boolean kept) {
        return kept == null ? "" : kept ? "kept" : "**missed**";
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String time(long at) {
        return TIME.format(Instant.ofEpochMilli(at));
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * f);
    }

    private static String ms(long ms) {
        return String.format(Locale.ROOT, "%,d ms", ms);
    }

    private static String duration(long ms) {
        long s = ms / 1000;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
