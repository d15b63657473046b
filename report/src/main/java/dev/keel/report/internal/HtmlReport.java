package dev.keel.report.internal;

import dev.keel.report.Formats;
import dev.keel.report.ReportText;
import dev.keel.report.SloReport;

import java.time.Duration;
import java.util.Map;

/** The report as one standalone HTML page: inline CSS and SVG, no script, no network. Stateless. */
public final class HtmlReport {

    private static final String CSS = """
            :root{--ink:#1f2328;--muted:#57606a;--line:#d8dee4;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
            *{box-sizing:border-box}body{margin:0;background:#f6f8fa;color:var(--ink);font:15px/1.5 Inter,"Segoe UI",Helvetica,Arial,sans-serif}
            main{max-width:1000px;margin:0 auto;padding:36px 28px 48px}
            header{display:flex;justify-content:space-between;align-items:flex-end;gap:24px;border-bottom:3px solid var(--ink);padding-bottom:14px;margin-bottom:22px}
            h1{font-size:28px;margin:0;letter-spacing:-.02em}h2{font-size:18px;margin:30px 0 10px}.sub{color:var(--muted);margin:4px 0 0;white-space:nowrap}
            .brand{font-weight:700;letter-spacing:.08em;text-transform:uppercase;font-size:12px;color:var(--muted)}
            .lead{background:#fff;border:1px solid var(--line);border-left:5px solid var(--ink);border-radius:8px;padding:16px 20px;font-size:17px}
            .warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:10px 16px;margin:12px 0}
            .tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:16px}
            .tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
            .tile .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
            .tile .v{font-size:26px;font-weight:700;margin:2px 0}.tile .o{color:var(--muted);font-size:13px}
            .badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:700;color:#fff;margin-left:6px}
            .kept{background:var(--ok)}.missed{background:var(--bad)}
            .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px 8px;margin:12px 0}
            .card h3{margin:0 0 2px;font-size:15px}.card p{margin:0 0 6px;color:var(--muted);font-size:13px}svg.chart{width:100%;height:auto;display:block}
            table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden;font-size:14px}
            th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line)}th{background:#f6f8fa;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            dl{display:grid;grid-template-columns:160px 1fr;gap:8px 18px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px}
            dt{font-weight:700}dd{margin:0}footer{color:var(--muted);font-size:12px;margin-top:30px;border-top:1px solid var(--line);padding-top:10px}
            @media print{body{background:#fff}main{padding:0}.card,.tile,table{break-inside:avoid}}
            """;

    private HtmlReport() {
    }

    public static String render(SloReport r, Map<String, Charts.Chart> charts) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>Service level report: ").append(e(r.scope())).append(", ").append(e(ReportText.span(r))).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body><main>");
        h.append("<header><div><div class=\"brand\">Keel service level report</div><h1>").append(e(title(r))).append("</h1><p class=\"sub\">")
                .append(e(Formats.time(r.window().from()))).append(" to ").append(e(Formats.time(r.window().to()))).append(" · scope <b>")
                .append(e(r.scope())).append("</b></p></div><div class=\"sub\">").append(e(Formats.count(r.totals().served())))
                .append(" requests served</div></header>");
        h.append("<p class=\"lead\" id=\"sentence\">").append(e(ReportText.sentence(r))).append("</p>");
        for (String w : r.warnings()) {
            h.append("<p class=\"warn\">").append(e(w)).append("</p>");
        }
        tiles(h, r);
        h.append("<h2>Error budget</h2><p>").append(e(ReportText.budgetLine(r))).append("</p>");
        chart(h, charts.get("burn-down"));
        h.append("<h2>Over the window</h2>");
        for (String id : new String[]{"success-rate", "p95-latency", "cost"}) {
            chart(h, charts.get(id));
        }
        incidents(h, r);
        h.append("<h2>What these words mean</h2><dl>");
        for (ReportText.Definition d : ReportText.definitions(r.objectives())) {
            h.append("<dt>").append(e(d.term())).append(" · ").append(e(d.name())).append("</dt><dd>").append(e(d.lines())).append("</dd>");
        }
        h.append("</dl><footer>Generated by Keel on ").append(e(Formats.time(r.generatedAt()))).append(" from the slo.sli and slo.pages topics. ")
                .append("Counts, success rate, cost and budget are exact sums of per-minute SLIs; the share within the latency target is exact, ")
                .append(e(ReportText.p95Provenance(r))).append(". Times are event times in UTC.</footer>");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    static String title(SloReport r) {
        return "Service levels, " + Formats.day(r.window().from()) + (Formats.day(r.window().from()).equals(Formats.day(r.window().to() - 1))
                ? "" : " to " + Formats.day(r.window().to() - 1));
    }

    private static void tiles(StringBuilder h, SloReport r) {
        SloReport.Totals t = r.totals();
        var o = r.objectives();
        h.append("<div class=\"tiles\">");
        tile(h, "success", "Success rate", t.successRate() == null ? "-" : Formats.percent(t.successRate()),
                "objective ≥ " + Formats.percent1(o.successRate()), t.served() > 0, r.successKept());
        tile(h, "latency", "p95 latency", t.p95Ms() == null ? "-" : Formats.seconds(t.p95Ms()),
                (t.underTargetShare() == null ? "" : Formats.percent1(t.underTargetShare()) + " within ") + Formats.seconds(o.latencyTarget().toMillis())
                        + " · objective " + Formats.percent1(o.latencyPercentile()), t.latencySamples() > 0, r.latencyKept());
        tile(h, "cost", "Avg cost / request", t.avgCostUsd() == null ? "-" : Formats.usd(t.avgCostUsd()),
                "objective ≤ " + Formats.usd(o.avgCostUsd()), t.served() > 0, r.costKept());
        tile(h, "budget", "Error budget left", Formats.percent1(r.budget().remainingFraction()),
                Formats.count(r.budget().spent()) + " of " + Formats.count(r.budget().allowed()) + " failures used", t.served() > 0,
                r.budget().remaining() >= 0);
        h.append("</div>");
    }

    private static void tile(StringBuilder h, String id, String label, String value, String objective, boolean judged, boolean kept) {
        h.append("<div class=\"tile\" id=\"tile-").append(id).append("\"><div class=\"k\">").append(e(label)).append("</div><div class=\"v\">")
                .append(e(value));
        if (judged) {
            h.append("<span class=\"badge ").append(kept ? "kept" : "missed").append("\">").append(kept ? "kept" : "missed").append("</span>");
        }
        h.append("</div><div class=\"o\">").append(e(objective)).append("</div></div>");
    }

    private static void chart(StringBuilder h, Charts.Chart c) {
        h.append("<div class=\"card\"><h3>").append(e(c.title())).append("</h3><p>").append(e(c.caption())).append("</p>").append(c.svg()).append("</div>");
    }

    private static void incidents(StringBuilder h, SloReport r) {
        h.append("<h2>Incidents</h2>");
        if (r.incidents().isEmpty()) {
            h.append("<p id=\"no-incidents\">No alert fired for ").append(e(r.scope())).append(" in this window.</p>");
            return;
        }
        h.append("<table id=\"incidents\"><thead><tr><th>Rule</th><th>Severity</th><th>Scope</th><th>Started</th><th>Resolved</th>")
                .append("<th>Duration</th><th>Failed requests</th><th>Budget spent</th></tr></thead><tbody>");
        for (SloReport.Incident i : r.incidents()) {
            h.append("<tr><td>").append(e(i.rule())).append("</td><td>").append(e(i.severity())).append("</td><td>").append(e(i.scope()))
                    .append("</td><td>").append(e(Formats.time(i.startedAt()))).append("</td><td>")
                    .append(i.resolvedAt() == null ? "ongoing" : e(Formats.time(i.resolvedAt()))).append("</td><td class=\"n\">")
                    .append(e(Formats.duration(Duration.ofMillis(i.durationMs())))).append("</td><td class=\"n\">").append(Formats.count(i.failures()))
                    .append("</td><td class=\"n\">").append(Formats.percent1(i.budgetShare())).append("</td></tr>");
        }
        h.append("</tbody></table>");
    }

    static String e(String s) {
        return SvgChart.esc(s);
    }
}
