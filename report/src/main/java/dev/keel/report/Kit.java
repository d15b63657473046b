package dev.keel.report;

import dev.keel.config.KeelConfig;
import dev.keel.config.SloAlerts;
import dev.keel.config.SloObjectives;
import dev.keel.config.Durations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The seed's SLO kit ({@code kit/} of the repository, packaged with this module): templates whose
 * {@code {{name}}} placeholders {@code keel report --kit} fills from the configuration (and the measured
 * sentence of the report). An unknown placeholder is an error, so a template cannot ship half-filled.
 */
public final class Kit {

    /** The templates, in the order a reader meets them. */
    public static final List<String> TEMPLATES = List.of("slo-one-pager.md", "budget-guardrails.md", "router-config.yaml",
            "cache-recipe.md", "proposal-language.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_.]+)}}");

    private Kit() {
    }

    /** Fills every template into {@code dir}; returns the files written. */
    public static List<Path> fill(KeelConfig config, SloReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> values = values(config, report);
        List<Path> written = new ArrayList<>();
        for (String name : TEMPLATES) {
            Path out = dir.resolve(name);
            Files.writeString(out, fill(template(name), values, name), StandardCharsets.UTF_8);
            written.add(out);
        }
        return written;
    }

    static String template(String name) throws IOException {
        try (InputStream in = Kit.class.getResourceAsStream("kit/" + name)) {
            if (in == null) {
                throw new IOException("kit template " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String fill(String template, Map<String, String> values, String name) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("kit template " + name + " uses an unknown placeholder {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every placeholder a template may use. */
    public static Map<String, String> values(KeelConfig c, SloReport report) {
        SloObjectives o = c.slo().objectives();
        SloAlerts a = c.slo().alerts();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("success_rate", Formats.percent1(o.successRate()));
        v.put("error_budget_share", Formats.percent1(1 - o.successRate()));
        v.put("latency_percentile", Formats.percent1(o.latencyPercentile()).replace(".0%", "%"));
        v.put("latency_target", Formats.seconds(o.latencyTarget().toMillis()));
        v.put("avg_cost", Formats.usd(o.avgCostUsd()));
        v.put("period", Formats.duration(o.period()));
        v.put("min_requests", Integer.toString(c.slo().minRequests()));
        v.put("alert.p95_for", Formats.duration(a.p95Latency().hold()));
        v.put("alert.success_for", Formats.duration(a.successRate().hold()));
        v.put("alert.cost_for", Formats.duration(a.avgCost().hold()));
        v.put("alert.fast_factor", trim(a.burnRateFast().factor()));
        v.put("alert.fast_windows", Formats.duration(a.burnRateFast().longWindow()) + " and " + Formats.duration(a.burnRateFast().shortWindow()));
        v.put("alert.slow_factor", trim(a.burnRateSlow().factor()));
        v.put("alert.slow_windows", Formats.duration(a.burnRateSlow().longWindow()) + " and " + Formats.duration(a.burnRateSlow().shortWindow()));
        v.put("alert.ticket_factor", trim(a.burnRateTicket().factor()));
        v.put("alert.ticket_windows", Formats.duration(a.burnRateTicket().longWindow()) + " and " + Formats.duration(a.burnRateTicket().shortWindow()));
        v.put("budget.max_cost_per_request", Formats.usd(c.budget().maxCostPerRequestUsd().doubleValue()));
        v.put("budget.max_input_tokens", Formats.count(c.budget().maxInputTokens()));
        v.put("budget.max_output_tokens", Formats.count(c.budget().maxOutputTokens()));
        v.put("budget.degrade", c.budget().degrade().stream().map(d -> d.id()).collect(Collectors.joining(", ")));
        v.put("budget.degrade_list", c.budget().degrade().stream().map(d -> d.id()).collect(Collectors.joining(", ", "[", "]")));
        v.put("budget.tenants", c.budget().tenants().isEmpty() ? "none configured" : c.budget().tenants().entrySet().stream()
                .map(e -> e.getKey() + " " + Formats.usd(e.getValue().limitUsd().doubleValue()) + " per " + e.getValue().period().id())
                .collect(Collectors.joining("; ")));
        v.put("cache.enabled", c.cache().enabled() ? "on" : "off");
        v.put("cache.ttl", Formats.duration(c.cache().ttl()));
        v.put("cache.stale_window", Formats.duration(c.cache().staleWindow()));
        v.put("cache.store", c.cache().redisUri() == null ? "the in-process cache (set cache.redis-uri to share it between workers)" : "Redis");
        v.put("routing.strategy", c.routing().strategy().name().toLowerCase());
        v.put("routing.ttft_timeout", Formats.seconds(c.routing().ttftTimeout().toMillis()));
        v.put("routing.total_timeout", Formats.seconds(c.routing().totalTimeout().toMillis()));
        v.put("routing.cooldown", Formats.duration(c.routing().cooldown().openFor()));
        var primary = c.providers().primary();
        var secondary = c.providers().secondary();
        v.put("providers.primary", primary == null ? "the primary provider (not configured here)" : primary.kind().id() + " / " + primary.model());
        v.put("providers.secondary", secondary == null ? "the secondary provider (not configured here)" : secondary.kind().id() + " / " + secondary.model());
        // Raw values, as keel.yaml writes them (the router config template must load as a Keel config)
        v.put("raw.success_rate", Double.toString(o.successRate()));
        v.put("raw.latency_target", Durations.format(o.latencyTarget()));
        v.put("raw.avg_cost", Double.toString(o.avgCostUsd()));
        v.put("raw.period", Durations.format(o.period()));
        v.put("raw.ttft_timeout", Durations.format(c.routing().ttftTimeout()));
        v.put("raw.total_timeout", Durations.format(c.routing().totalTimeout()));
        v.put("raw.cooldown", Durations.format(c.routing().cooldown().openFor()));
        v.put("raw.max_cost_per_request", c.budget().maxCostPerRequestUsd().toPlainString());
        v.put("raw.max_output_tokens", Integer.toString(c.budget().maxOutputTokens()));
        v.put("raw.cache_ttl", Durations.format(c.cache().ttl()));
        v.put("raw.stale_window", Durations.format(c.cache().staleWindow()));
        v.put("measured.sentence", report == null ? "(run keel report to fill in the measured numbers)" : ReportText.sentence(report));
        v.put("generated_at", report == null ? "" : Formats.time(report.generatedAt()));
        return v;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
