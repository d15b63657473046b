package dev.keel.alerts.internal;

import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Human wording of a page for chat and incident tools: values in the rule's unit, times in UTC. Stateless. */
public final class PageText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private PageText() {
    }

    /** {@code observed} or {@code threshold} in the unit of the rule: a rate as %, latency in ms, cost in USD, burn as x. */
    public static String value(String rule, double v) {
        return switch (rule) {
            case "success_rate" -> String.format(Locale.ROOT, "%.2f%%", v * 100);
            case "p95_latency" -> String.format(Locale.ROOT, "%,.0f ms", v);
            case "avg_cost" -> String.format(Locale.ROOT, "$%.4f", v);
            case "budget_exhausted" -> String.format(Locale.ROOT, "%.1f%% of budget left", v * 100);
            case "results_absent" -> String.format(Locale.ROOT, "%.0f requests", v);
            default -> rule.startsWith("burn_rate") ? String.format(Locale.ROOT, "%.1fx", v) : String.format(Locale.ROOT, "%.4g", v);
        };
    }

    /** "observed 41.67% vs threshold 99.50%" */
    public static String comparison(PageEvent p) {
        return value(p.getRule(), p.getObserved()) + " vs threshold " + value(p.getRule(), p.getThreshold());
    }

    public static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    public static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    /** How long a resolved incident lasted: from its start to the evaluation that cleared it. */
    public static Duration lasted(PageEvent p) {
        return Duration.ofMillis(Math.max(0, p.getEvaluatedAt() - p.getStartedAt()));
    }

    public static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    /** One line: "[FIRING] PAGE success_rate global: observed ... vs threshold ..." */
    public static String headline(PageEvent p) {
        String base = "[" + p.getState() + "] " + p.getSeverity() + " " + p.getRule() + " " + p.getScope() + ": " + comparison(p);
        return p.getState() == AlertState.RESOLVED ? base + " (lasted " + duration(lasted(p)) + ")" : base + " (since " + time(p.getStartedAt()) + ")";
    }

    public static String runbookLink(String runbookBaseUrl, String runbook) {
        if (runbookBaseUrl == null || runbook.startsWith("http://") || runbook.startsWith("https://")) {
            return runbook;
        }
        return runbookBaseUrl.endsWith("/") ? runbookBaseUrl + runbook : runbookBaseUrl + "/" + runbook;
    }
}
