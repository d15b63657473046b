package dev.keel.slo;

import dev.keel.slo.StatusSnapshot.ActiveAlert;
import dev.keel.slo.StatusSnapshot.ScopeStatus;
import dev.keel.slo.StatusSnapshot.Sli;
import dev.keel.slo.internal.Texts;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link StatusSnapshot} as the plain-text table of {@code keel status} (and the demo's
 * summary): per scope one line per window (5m, 1h, 30d), then its error budget and burn rates, then
 * every active alert. Stateless.
 */
public final class StatusTable {

    private static final String ROW = "%-26s %-4s %9s %9s %10s %11s %9s%n";

    private StatusTable() {
    }

    public static String render(StatusSnapshot s) {
        StringBuilder out = new StringBuilder();
        out.append("SLO status").append(s.evaluatedThrough() == null ? " (no window closed yet)"
                : " through " + Texts.time(s.evaluatedThrough()) + " (event time)").append('\n');
        if (s.scopes().isEmpty()) {
            out.append("no results seen yet\n");
        } else {
            out.append(String.format(Locale.ROOT, ROW, "SCOPE", "WIN", "REQUESTS", "SUCCESS", "P95", "AVG COST", "CACHE"));
            for (ScopeStatus scope : s.scopes()) {
                renderScope(out, scope);
            }
        }
        out.append('\n');
        if (s.alerts().isEmpty()) {
            out.append("ACTIVE ALERTS: none\n");
        } else {
            out.append("ACTIVE ALERTS (").append(s.alerts().size()).append(")\n");
            for (ActiveAlert a : s.alerts()) {
                out.append(String.format(Locale.ROOT, "  %-6s %-40s since %s%n         %s%n         runbook: %s%n",
                        a.severity(), a.alertKey(), Texts.time(a.startedAt()), a.summary(), a.runbook()));
            }
        }
        Long late = s.counters().get("late_results");
        Long bad = s.counters().get("undecodable_records");
        if ((late != null && late > 0) || (bad != null && bad > 0)) {
            out.append("late results: ").append(late).append(", undecodable records: ").append(bad).append('\n');
        }
        return out.toString();
    }

    private static void renderScope(StringBuilder out, ScopeStatus scope) {
        boolean first = true;
        for (Map.Entry<String, Sli> window : scope.slis().entrySet()) {
            Sli sli = window.getValue();
            out.append(String.format(Locale.ROOT, ROW, first ? scope.scope() : "", window.getKey(), sli.count(),
                    sli.successRate() == null ? "-" : Texts.percent(sli.successRate()),
                    sli.p95Ms() == null ? "-" : Texts.millis(sli.p95Ms()),
                    sli.avgCostUsd() == null ? "-" : Texts.usd(sli.avgCostUsd()),
                    sli.count() == 0 ? "-" : Texts.percent((double) sli.cacheHits() / sli.count())));
            first = false;
        }
        StatusSnapshot.ErrorBudget b = scope.errorBudget();
        String burns = scope.burnRates().entrySet().stream()
                .map(e -> e.getKey() + " " + Texts.times(e.getValue())).collect(Collectors.joining(", "));
        out.append(String.format(Locale.ROOT, "%-26s error budget left %s (%.1f of %.1f failures), burn %s%n", "",
                Texts.percent(b.remainingFraction()), b.remaining(), b.allowed(), burns));
    }
}
