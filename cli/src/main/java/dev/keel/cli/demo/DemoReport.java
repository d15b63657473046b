package dev.keel.cli.demo;

import dev.keel.config.SloObjectives;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The live table rows and the closing summary of {@code keel demo}. */
final class DemoReport {

    private final PrintWriter out;
    private final SloObjectives objectives;

    DemoReport(PrintWriter out, SloObjectives objectives) {
        this.out = out;
        this.objectives = objectives;
    }

    void header() {
        out.println();
        out.printf(Locale.ROOT, "%6s %7s %8s %8s %8s %10s %8s %9s %6s %9s  %s%n",
                "time", "sent", "answered", "success", "p95 ms", "avg $/req", "primary", "secondary", "cache", "failovers", "primary cooldown / events");
        out.flush();
    }

    void row(Duration elapsed, long sent, LiveStats.Snapshot s, String cooldown, String events) {
        out.printf(Locale.ROOT, "%6s %7d %8d %7.2f%% %8.0f %10.6f %8d %9d %6d %9d  %s%s%n",
                clock(elapsed), sent, s.answered(), 100 * s.successRate(), s.p95Ms(), s.avgCostUsd(),
                s.byProvider().getOrDefault("primary", 0L), s.byProvider().getOrDefault("secondary", 0L),
                s.byProvider().getOrDefault("cache", 0L), s.failovers(), cooldown, events.isEmpty() ? "" : "  <- " + events);
        out.flush();
    }

    void summary(Duration ran, long sent, LiveStats.Snapshot s, String outage, String slo, long startupMillis) {
        double successTarget = objectives.successRate();
        long latencyTarget = objectives.latencyTarget().toMillis();
        double costTarget = objectives.avgCostUsd();
        out.println();
        out.printf(Locale.ROOT, "Keel demo summary (%s of traffic)%n", clock(ran));
        out.printf(Locale.ROOT, "  requests        %,d sent, %,d answered, %,d unanswered%n", sent, s.answered(), sent - s.answered());
        out.printf(Locale.ROOT, "  success rate    %.2f %%   objective >= %.1f %%   %s%n", 100 * s.successRate(), 100 * successTarget,
                verdict(s.successRate() >= successTarget));
        out.printf(Locale.ROOT, "  p95 latency     %,.0f ms   objective <= %,d ms   %s%n", s.p95Ms(), latencyTarget, verdict(s.p95Ms() <= latencyTarget));
        out.printf(Locale.ROOT, "  avg cost        $%.6f   objective <= $%.3f   %s%n", s.avgCostUsd(), costTarget,
                verdict(s.avgCostUsd() <= costTarget));
        out.printf(Locale.ROOT, "  provider split  %s%n", split(s.byProvider(), s.answered()));
        out.printf(Locale.ROOT, "  failovers       %,d answered by the secondary after the primary failed%n", s.failovers());
        out.printf(Locale.ROOT, "  cache           hit rate %.1f %% (%,d of %,d answers from the response cache), %,d stale serves%n",
                s.answered() == 0 ? 0.0 : 100.0 * s.cacheHits() / s.answered(), s.cacheHits(), s.answered(), s.stale());
        out.printf(Locale.ROOT, "  failed          %,d, rejected %,d%n", s.failed(), s.rejected());
        out.printf(Locale.ROOT, "  outage          %s%n", outage);
        out.printf(Locale.ROOT, "  SLO app         %s%n", slo);
        out.printf(Locale.ROOT, "  startup         broker, simulators, worker and SLO app ready in %.1f s%n", startupMillis / 1000.0);
        out.flush();
    }

    private static String split(Map<String, Long> byProvider, long answered) {
        if (answered == 0) {
            return "no answers";
        }
        StringBuilder text = new StringBuilder();
        for (String name : new String[]{"primary", "secondary", "cache"}) {
            long n = byProvider.getOrDefault(name, 0L);
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(String.format(Locale.ROOT, "%s %,d (%.1f %%)", name, n, 100.0 * n / answered));
        }
        return text.toString();
    }

    private static String verdict(boolean kept) {
        return kept ? "kept" : "MISSED";
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
