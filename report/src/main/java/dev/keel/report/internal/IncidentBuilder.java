package dev.keel.report.internal;

import dev.keel.report.ReportWindow;
import dev.keel.report.SloReport.Incident;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.SliSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs each FIRING with the RESOLVED that follows it on the same alert key (a duplicate transition,
 * same key, state and evaluation time, counts once), keeps the incidents that overlap the window, and
 * charges each the failures of the scope while it lasted. Stateless apart from its inputs.
 */
public final class IncidentBuilder {

    private final ReportWindow window;
    private final List<SliSnapshot> snapshots;
    private final double allowed;

    public IncidentBuilder(ReportWindow window, List<SliSnapshot> snapshots, double allowed) {
        this.window = window;
        this.snapshots = snapshots;
        this.allowed = allowed;
    }

    public List<Incident> incidents(List<PageEvent> pages) {
        List<PageEvent> sorted = new ArrayList<>(pages);
        sorted.sort(Comparator.comparingLong(PageEvent::getEvaluatedAt).thenComparing(p -> p.getState() == AlertState.FIRING ? 1 : 0));
        Set<String> seen = new HashSet<>();
        Map<String, PageEvent> open = new HashMap<>();
        List<Incident> out = new ArrayList<>();
        for (PageEvent p : sorted) {
            if (!seen.add(p.getAlertKey() + "|" + p.getState() + "|" + p.getEvaluatedAt())) {
                continue;
            }
            if (p.getState() == AlertState.FIRING) {
                open.putIfAbsent(p.getAlertKey(), p);
            } else {
                PageEvent firing = open.remove(p.getAlertKey());
                add(out, firing == null ? p : firing, p.getEvaluatedAt());
            }
        }
        open.values().forEach(f -> add(out, f, null));
        out.sort(Comparator.comparingLong(Incident::startedAt).thenComparing(Incident::alertKey));
        return out;
    }

    private void add(List<Incident> out, PageEvent firing, Long resolvedAt) {
        long start = firing.getStartedAt();
        long end = resolvedAt == null ? window.to() : resolvedAt;
        if (end <= window.from() || start >= window.to()) {
            return;
        }
        long failures = 0;
        for (SliSnapshot s : snapshots) {
            if (s.getWindowStart() >= Math.max(start, window.from()) && s.getWindowEnd() <= Math.min(end, window.to())) {
                failures += s.getCount() - s.getRejected() - s.getSuccess();
            }
        }
        out.add(new Incident(firing.getAlertKey(), firing.getRule(), firing.getSeverity().name(), firing.getScope(), start, resolvedAt,
                end - start, failures, allowed == 0 ? 0 : failures / allowed, firing.getSummary()));
    }
}
