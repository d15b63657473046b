package dev.keel.slo.internal;

import dev.keel.slo.StatusSnapshot;
import dev.keel.slo.StatusSnapshot.ActiveAlert;
import dev.keel.slo.StatusSnapshot.ScopeStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the status parts of several engine tasks (each owns some scopes), local or of other instances,
 * into one snapshot: every scope once (the latest evaluation when two parts hold it, e.g. mid-rebalance),
 * {@code global} first then by name; alerts by severity then key; evaluated through the earliest part's
 * last close (every scope shown is evaluated at least that far); counters summed. Pure.
 */
public final class StatusMerge {

    private StatusMerge() {
    }

    public static StatusSnapshot merge(List<StatusSnapshot> parts, long now) {
        Map<String, ScopeStatus> scopes = new TreeMap<>();
        Long through = null;
        Map<String, Long> counters = new TreeMap<>();
        for (StatusSnapshot part : parts) {
            part.scopes().forEach(s -> scopes.merge(s.scope(), s, (a, b) -> a.evaluatedAt() >= b.evaluatedAt() ? a : b));
            if (part.evaluatedThrough() != null) {
                through = through == null ? part.evaluatedThrough() : Math.min(through, part.evaluatedThrough());
            }
            part.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
        }
        return of(new ArrayList<>(scopes.values()), through, counters, now);
    }

    /** One snapshot of these scopes, sorted as the endpoint serves them. */
    public static StatusSnapshot of(List<ScopeStatus> scopes, Long evaluatedThrough, Map<String, Long> counters, long now) {
        List<ScopeStatus> sorted = new ArrayList<>(scopes);
        sorted.sort(Comparator.comparing((ScopeStatus s) -> !s.scope().equals(ScopeResolver.GLOBAL)).thenComparing(ScopeStatus::scope));
        List<ActiveAlert> alerts = sorted.stream().flatMap(s -> s.alerts().stream())
                .sorted(Comparator.comparing(ActiveAlert::severity).thenComparing(ActiveAlert::alertKey)).toList();
        return new StatusSnapshot(now, evaluatedThrough, sorted, alerts, counters);
    }
}
