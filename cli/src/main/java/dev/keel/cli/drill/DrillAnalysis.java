package dev.keel.cli.drill;

import dev.keel.config.SloObjectives;
import dev.keel.schemas.DrillBaseline;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.DrillEventKind;
import dev.keel.schemas.Lane;
import dev.keel.schemas.ResultStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a drill's facts into its report. Pure: no Kafka, no clock.
 *
 * <ul>
 *   <li>The drill spans START to END (or the time the topics were read, while it runs).</li>
 *   <li>The <b>drilled provider</b> is the one of the first {@code provider.<p>.api_key = revoked} (or
 *       {@code provider.<p>.disabled = true}) command in the span; the failover provider is the other.</li>
 *   <li><b>Failover time</b>: from that command's {@code issued_at} to the first SUCCESS on the failover
 *       provider completed after it.</li>
 *   <li><b>Restore</b>: the first later command on the same setting that resets it (empty value, or
 *       {@code disabled = false}, or a new key reference); <b>primary back</b>: from it to the first SUCCESS
 *       on the drilled provider completed after it (looked for past END too: the report says when).</li>
 *   <li>Requests, success rate, p95 and cost: results completed in the span, first per request id;
 *       success over served (REJECTED excluded), p95 of queue + latency over interactive served results
 *       (the SLO's definition: rank floor(0.95 x (n - 1))).</li>
 *   <li>Budget: the drill's failures against the 30-day allowance at the start (baseline) and against
 *       what its own traffic allowed.</li>
 * </ul>
 */
final class DrillAnalysis {

    private DrillAnalysis() {
    }

    static DrillReport analyze(DrillFacts facts, SloObjectives objectives, Duration cooldown) {
        DrillEvent start = facts.entries().stream().filter(e -> e.getKind() == DrillEventKind.START).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("drill " + facts.drillId() + " has no START"));
        Optional<DrillEvent> end = facts.entries().stream().filter(e -> e.getKind() == DrillEventKind.END).findFirst();
        long from = start.getAt();
        long to = end.map(DrillEvent::getAt).orElse(facts.readAt());

        List<DrillFacts.Control> commands = facts.control().stream().filter(c -> c.at() >= from && c.at() <= to)
                .sorted(Comparator.comparingLong(DrillFacts.Control::at)).toList();
        Optional<DrillFacts.Control> outage = commands.stream().filter(DrillAnalysis::takesProviderOut).findFirst();
        String drilled = outage.map(c -> providerOf(c.setting())).orElse("primary");
        String failover = drilled.equals("primary") ? "secondary" : "primary";
        Long revokedAt = outage.map(DrillFacts.Control::at).orElse(null);
        Optional<DrillFacts.Control> restore = outage.flatMap(o -> commands.stream()
                .filter(c -> c.at() >= o.at() && c != o && c.setting().equals(o.setting()) && restores(c)).findFirst());
        Long restoredAt = restore.map(DrillFacts.Control::at).orElse(null);

        List<DrillFacts.Result> all = facts.results().stream().sorted(Comparator.comparingLong(DrillFacts.Result::completedAt)).toList();
        Long firstFailover = revokedAt == null ? null : firstSuccess(all, failover, revokedAt);
        Long primaryBack = restoredAt == null ? null : firstSuccess(all, drilled, restoredAt);

        List<DrillFacts.Result> during = all.stream().filter(r -> r.completedAt() >= from && r.completedAt() <= to).toList();
        DrillReport.Requests requests = count(during, drilled, failover);
        List<DrillFacts.Result> served = during.stream().filter(r -> r.status() != ResultStatus.REJECTED).toList();
        Double successRate = served.isEmpty() ? null : (double) requests.succeeded() / served.size();
        Double p95 = p95(served.stream().filter(r -> r.lane() == Lane.INTERACTIVE).mapToLong(DrillFacts.Result::waitMs).sorted().toArray());
        Double avgCost = served.isEmpty() ? null : served.stream().mapToDouble(DrillFacts.Result::costUsd).sum() / served.size();
        Boolean successKept = successRate == null ? null : successRate >= objectives.successRate();
        Boolean latencyKept = p95 == null ? null : p95 <= objectives.latencyTarget().toMillis();

        DrillBaseline before = start.getBaseline();
        DrillBaseline after = end.map(DrillEvent::getBaseline).orElse(null);
        boolean hasBaseline = before != null && before.getUnavailable() == null && before.getBudgetAllowed30d() > 0;
        double allowance = (1 - objectives.successRate()) * served.size();
        DrillReport.Budget budget = new DrillReport.Budget(requests.failed(),
                hasBaseline ? before.getBudgetAllowed30d() : null,
                hasBaseline ? requests.failed() / before.getBudgetAllowed30d() : null,
                allowance,
                before != null && before.getUnavailable() == null ? before.getBudgetRemainingFraction() : null,
                after != null && after.getUnavailable() == null ? after.getBudgetRemainingFraction() : null);

        List<DrillReport.TimelineEntry> timeline = timeline(facts, start, end, commands, from, to, failover, firstFailover, drilled, primaryBack);
        DrillReport.Objectives targets = new DrillReport.Objectives(objectives.successRate(), objectives.latencyTarget().toMillis(),
                objectives.avgCostUsd());
        DrillReport draft = new DrillReport(facts.drillId(), from, end.map(DrillEvent::getAt).orElse(null), start.getBy(), start.getNote(),
                targets, drilled, failover, revokedAt, firstFailover, minus(firstFailover, revokedAt), restoredAt, primaryBack,
                minus(primaryBack, restoredAt), cooldown.toMillis(), requests, successRate, p95, avgCost, successKept, latencyKept,
                budget, timeline, List.of());
        return withFindings(draft, facts, commands, to);
    }

    private static DrillReport withFindings(DrillReport r, DrillFacts facts, List<DrillFacts.Control> commands, long to) {
        List<String> findings = new ArrayList<>();
        facts.entries().stream().filter(e -> e.getKind() == DrillEventKind.FINDING)
                .forEach(e -> findings.add("Scribe (" + e.getBy() + "): " + e.getNote()));
        if (r.revokedAt() == null) {
            findings.add("No provider was taken out between start and end (no `provider.<name>.api_key = revoked` or "
                    + "`provider.<name>.disabled = true` on keel.control): the drill did not exercise failover.");
        } else if (r.failoverMs() == null) {
            findings.add("No request succeeded on the " + r.failoverProvider() + " after the " + r.drilledProvider()
                    + " was taken out: failover was not seen (no traffic, or failover broken).");
        } else if (r.failoverMs() > r.objectives().latencyTargetMs()) {
            findings.add(String.format(Locale.ROOT, "Failover took %,d ms, longer than the latency target (%,d ms).",
                    r.failoverMs(), r.objectives().latencyTargetMs()));
        }
        if (r.requests().failed() > 0) {
            findings.add(String.format(Locale.ROOT, "%d request(s) failed during the drill%s.", r.requests().failed(),
                    r.budget().spentFraction30d() == null ? "" : String.format(Locale.ROOT, ", %.2f %% of the 30-day error budget",
                            100 * r.budget().spentFraction30d())));
        }
        if (Boolean.FALSE.equals(r.successKept())) {
            findings.add(String.format(Locale.ROOT, "Success rate during the drill %.2f %% is below the objective %.2f %%.",
                    100 * r.successRate(), 100 * r.objectives().successRate()));
        }
        if (Boolean.FALSE.equals(r.latencyKept())) {
            findings.add(String.format(Locale.ROOT, "p95 during the drill %,.0f ms is over the objective %,d ms.", r.p95Ms(),
                    r.objectives().latencyTargetMs()));
        }
        if (r.revokedAt() != null && r.restoredAt() == null) {
            findings.add("The " + r.drilledProvider() + " was not restored before the end of the drill (run the rollback).");
        } else if (r.restoredAt() != null && r.primaryBackMs() == null) {
            findings.add("The " + r.drilledProvider() + " served no request after the restore (as of the report).");
        } else if (r.primaryBackMs() != null && r.primaryBackMs() > r.cooldownMs() + RESTORE_SLACK_MS) {
            findings.add(String.format(Locale.ROOT, "The %s served again %,d ms after the restore, later than its cooldown (%,d ms) + %d s.",
                    r.drilledProvider(), r.primaryBackMs(), r.cooldownMs(), RESTORE_SLACK_MS / 1000));
        }
        facts.pages().stream().filter(p -> p.state().equals("FIRING") && p.at() >= r.startedAt() && p.at() <= to)
                .forEach(p -> findings.add("Page " + p.alertKey() + " fired during the drill: " + p.summary()));
        String drilledSetting = r.revokedAt() != null && r.restoredAt() == null
                ? commands.stream().filter(DrillAnalysis::takesProviderOut).findFirst().map(DrillFacts.Control::setting).orElse("") : "";
        lastValues(commands).forEach((setting, value) -> {
            boolean left = !setting.equals(drilledSetting) && ( setting.equals("bypass") ? "true".equals(value)
                    : setting.endsWith(".disabled") ? "true".equals(value) : "revoked".equals(value));
            if (left) {
                findings.add("`" + setting + " = " + value + "` was still in force at the end of the drill (rollback incomplete).");
            }
        });
        return new DrillReport(r.drillId(), r.startedAt(), r.endedAt(), r.startedBy(), r.note(), r.objectives(), r.drilledProvider(),
                r.failoverProvider(), r.revokedAt(), r.firstFailoverSuccessAt(), r.failoverMs(), r.restoredAt(), r.primaryBackAt(),
                r.primaryBackMs(), r.cooldownMs(), r.requests(), r.successRate(), r.p95Ms(), r.avgCostUsd(), r.successKept(),
                r.latencyKept(), r.budget(), r.timeline(), List.copyOf(findings));
    }

    /** Allowance over the cooldown for the control command to reach every worker and a half-open probe to finish. */
    static final long RESTORE_SLACK_MS = 3_000;

    private static java.util.Map<String, String> lastValues(List<DrillFacts.Control> commands) {
        java.util.Map<String, String> last = new java.util.TreeMap<>();
        commands.forEach(c -> last.put(c.setting(), c.value() == null ? "" : c.value()));
        return last;
    }

    static boolean takesProviderOut(DrillFacts.Control c) {
        return (c.setting().matches("provider\\.[^.]+\\.api_key") && "revoked".equals(c.value()))
                || (c.setting().matches("provider\\.[^.]+\\.disabled") && "true".equals(c.value()));
    }

    private static boolean restores(DrillFacts.Control c) {
        return c.setting().endsWith(".disabled") ? !"true".equals(c.value()) : !"revoked".equals(c.value());
    }

    private static String providerOf(String setting) {
        return setting.substring("provider.".length(), setting.lastIndexOf('.'));
    }

    private static Long firstSuccess(List<DrillFacts.Result> sorted, String provider, long after) {
        return sorted.stream().filter(r -> r.completedAt() >= after && r.status() == ResultStatus.SUCCESS && provider.equals(r.provider())
                && !r.cacheHit()).map(DrillFacts.Result::completedAt).findFirst().orElse(null);
    }

    private static DrillReport.Requests count(List<DrillFacts.Result> during, String drilled, String failover) {
        long success = during.stream().filter(r -> r.status() == ResultStatus.SUCCESS).count();
        long failed = during.stream().filter(r -> r.status() == ResultStatus.FAILED).count();
        long rejected = during.stream().filter(r -> r.status() == ResultStatus.REJECTED).count();
        long onDrilled = during.stream().filter(r -> r.status() == ResultStatus.SUCCESS && !r.cacheHit() && drilled.equals(r.provider())).count();
        long onFailover = during.stream().filter(r -> r.status() == ResultStatus.SUCCESS && !r.cacheHit() && failover.equals(r.provider())).count();
        long cache = during.stream().filter(DrillFacts.Result::cacheHit).count();
        return new DrillReport.Requests(during.size(), during.size() - rejected, success, failed, rejected, onDrilled, onFailover, cache);
    }

    /** Exact p95 as the SLO app defines it: the sorted value at rank floor(0.95 x (n - 1)). */
    static Double p95(long[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        return (double) sorted[(int) Math.floor(0.95 * (sorted.length - 1))];
    }

    private static Long minus(Long a, Long b) {
        return a == null || b == null ? null : a - b;
    }

    private static List<DrillReport.TimelineEntry> timeline(DrillFacts facts, DrillEvent start, Optional<DrillEvent> end,
                                                            List<DrillFacts.Control> commands, long from, long to, String failover,
                                                            Long firstFailover, String drilled, Long primaryBack) {
        List<DrillReport.TimelineEntry> t = new ArrayList<>();
        for (DrillEvent e : facts.entries()) {
            String what = switch (e.getKind()) {
                case START -> "drill started" + (e.getNote() == null ? "" : ": " + e.getNote())
                        + (e.getBaseline() == null ? "" : "; " + Baselines.describe(e.getBaseline()));
                case MARK -> e.getNote();
                case FINDING -> "FINDING: " + e.getNote();
                case END -> "drill ended" + (e.getNote() == null ? "" : ": " + e.getNote());
            };
            t.add(new DrillReport.TimelineEntry(e.getAt(), e.getKind() == DrillEventKind.MARK || e.getKind() == DrillEventKind.FINDING
                    ? "scribe" : "drill", e.getBy(), what));
        }
        commands.forEach(c -> t.add(new DrillReport.TimelineEntry(c.at(), "control", c.issuedBy(),
                c.setting() + " = " + (c.resets() ? "(reset to the config)" : c.value()))));
        facts.pages().stream().filter(p -> p.at() >= from).forEach(p -> t.add(new DrillReport.TimelineEntry(p.at(), "pages", "slo",
                p.state() + " " + p.alertKey() + " (" + p.severity() + "): " + p.summary() + (p.at() > to ? " [after the end]" : ""))));
        if (firstFailover != null) {
            t.add(new DrillReport.TimelineEntry(firstFailover, "results", "workers", "first success on the " + failover + " after the outage began"));
        }
        if (primaryBack != null) {
            t.add(new DrillReport.TimelineEntry(primaryBack, "results", "workers", "the " + drilled + " serves again"
                    + (primaryBack > to ? " [after the end]" : "")));
        }
        t.sort(Comparator.comparingLong(DrillReport.TimelineEntry::at));
        return List.copyOf(t);
    }
}
