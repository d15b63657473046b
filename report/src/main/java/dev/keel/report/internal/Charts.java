package dev.keel.report.internal;

import dev.keel.report.Formats;
import dev.keel.report.SloReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The four charts of a report, by id: success rate, p95 latency, cost per request, error-budget burn-down. Stateless. */
public final class Charts {

    private Charts() {
    }

    public record Chart(String id, String title, String caption, String svg) {
    }

    public static Map<String, Chart> of(SloReport r) {
        long from = r.chartFrom();
        long to = r.window().to();
        List<SvgChart.Span> incidents = r.incidents().stream().filter(i -> i.severity().equals("PAGE"))
                .map(i -> new SvgChart.Span(i.startedAt(), i.resolvedAt() == null ? to : i.resolvedAt(), i.rule() + " " + Formats.time(i.startedAt())))
                .toList();
        String per = r.bucketMinutes() >= 60 && r.bucketMinutes() % 60 == 0 ? (r.bucketMinutes() / 60) + "-hour" : r.bucketMinutes() + "-minute";
        Map<String, Chart> charts = new LinkedHashMap<>();
        var o = r.objectives();
        double lowest = r.series().stream().filter(p -> p.successRate() != null).mapToDouble(SloReport.Point::successRate).min().orElse(1);
        double lowestShown = Math.min(o.successRate() - (1 - o.successRate()), lowest);
        double floor = Math.max(0, 1 - 4 * SvgChart.niceStep((1 - lowestShown) / 4));
        charts.put("success-rate", new Chart("success-rate", "Success rate", "Share of served requests that succeeded, per " + per
                + " interval; red dashes: the objective; shaded: the pages of the incidents table.",
                new SvgChart("success-rate", "Success rate", from, to)
                        .samples(samples(r, p -> p.successRate()))
                        .objective(o.successRate(), "objective " + Formats.percent1(o.successRate()))
                        .incidents(incidents).range(floor, 1.0).ticks(v -> String.format(Locale.ROOT, "%.1f%%", v * 100)).color("#1a7f37").render()));
        charts.put("p95-latency", new Chart("p95-latency", "p95 latency", "95th percentile of what callers waited (queue + processing), per "
                + per + " interval" + (r.totals().p95Exact() ? " (merged latency sketches)." : " (estimated from per-minute quantiles where a minute has no sketch)."),
                new SvgChart("p95-latency", "p95 latency", from, to)
                        .samples(samples(r, SloReport.Point::p95Ms))
                        .objective(o.latencyTarget().toMillis(), "objective " + Formats.seconds(o.latencyTarget().toMillis()))
                        .incidents(incidents).range(0.0, null).ticks(v -> Formats.seconds(v)).color("#1f6feb").render()));
        charts.put("cost", new Chart("cost", "Cost per request", "Average provider cost per served request, per " + per + " interval.",
                new SvgChart("cost", "Cost per request", from, to)
                        .samples(samples(r, SloReport.Point::avgCostUsd))
                        .objective(o.avgCostUsd(), "budget " + Formats.usd(o.avgCostUsd()))
                        .incidents(incidents).range(0.0, null).ticks(v -> String.format(Locale.ROOT, "$%.3f", v)).color("#8250df").render()));
        double low = Math.min(0, r.burnDown().stream().mapToDouble(SloReport.BudgetPoint::remainingFraction).min().orElse(0));
        charts.put("burn-down", new Chart("burn-down", "Error budget burn-down", "Share of the window's error budget left; grey dots: "
                + "the pace that would spend it exactly by the end of the window.",
                new SvgChart("burn-down", "Error budget left", from, to)
                        .samples(r.burnDown().stream().map(b -> new SvgChart.Sample(b.time(), b.remainingFraction())).toList())
                        .objective(0, "budget spent").incidents(incidents).range(low, 1.0).idealBurn()
                        .ticks(v -> String.format(Locale.ROOT, "%.0f%%", v * 100)).color("#bf8700").render()));
        return charts;
    }

    private static List<SvgChart.Sample> samples(SloReport r, java.util.function.Function<SloReport.Point, Double> value) {
        return r.series().stream().map(p -> new SvgChart.Sample((p.start() + p.end()) / 2, value.apply(p))).toList();
    }
}
