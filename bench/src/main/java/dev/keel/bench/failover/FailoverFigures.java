package dev.keel.bench.failover;

import dev.keel.schemas.ResultStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * What the failover bench reports from the results it tapped, by phase of the run (times in epoch ms): steady
 * (measured start to fault), fault, recovery (fault cleared to the end), and the onset (sent from 1 s before to
 * 3 s after the fault began, which holds the requests in flight when it began). Latency here is the result's own
 * created → completed (the load generator's end-to-end figure, from the scheduled send, is in the load report).
 */
public final class FailoverFigures {

    /** Hedged share, extra spend and latency of one phase. */
    public record Phase(String name, int results, int failed, double hedgedPercent, double extraSpendPercent, long p95Ms, long maxMs) {
        String line() {
            return String.format(Locale.ROOT, "%-8s results %6d, failed %d, hedged %5.2f%%, extra spend %5.2f%%, created->completed p95 %d ms, max %d ms",
                    name, results, failed, hedgedPercent, extraSpendPercent, p95Ms, maxMs);
        }
    }

    private final List<ResultTap.Seen> seen;
    private final long measuredStart;
    private final long faultStart;
    private final long faultEnd;

    public FailoverFigures(List<ResultTap.Seen> seen, long measuredStart, long faultStart, long faultEnd) {
        this.seen = List.copyOf(seen);
        this.measuredStart = measuredStart;
        this.faultStart = faultStart;
        this.faultEnd = faultEnd;
    }

    public Phase steady() {
        return phase("steady", s -> s.createdAt() >= measuredStart && s.createdAt() < faultStart);
    }

    public Phase fault() {
        return phase("fault", s -> s.createdAt() >= faultStart && s.createdAt() < faultEnd);
    }

    public Phase recovery() {
        return phase("recovery", s -> s.createdAt() >= faultEnd);
    }

    public Phase onset() {
        return phase("onset", s -> s.createdAt() >= faultStart - 1_000 && s.createdAt() < faultStart + 3_000);
    }

    /** Fault start → the first request picked up that skipped the primary (its breaker open). */
    public OptionalLong cooldownOpenedAfterMs() {
        return seen.stream().filter(s -> s.primarySkipped() && s.pickedUpAt() >= faultStart)
                .mapToLong(s -> s.pickedUpAt() - faultStart).min();
    }

    /** Requests picked up after the fault began (and before it ended) that still called the primary. */
    public long primaryCallsDuringFault() {
        return seen.stream().filter(s -> s.primaryCalled() && s.pickedUpAt() >= faultStart && s.pickedUpAt() < faultEnd).count();
    }

    /** Fault cleared → the first request picked up afterwards that the primary answered. */
    public OptionalLong backOnPrimaryAfterMs() {
        return seen.stream().filter(s -> "primary".equals(s.provider()) && s.status() == ResultStatus.SUCCESS && s.pickedUpAt() >= faultEnd)
                .mapToLong(s -> s.pickedUpAt() - faultEnd).min();
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Phase p : List.of(steady(), onset(), fault(), recovery())) {
            out.add(p.line());
        }
        Map<String, Long> causes = seen.stream().filter(x -> x.createdAt() >= measuredStart && x.status() != ResultStatus.SUCCESS)
                .collect(Collectors.groupingBy(ResultTap.Seen::attempts, TreeMap::new, Collectors.counting()));
        if (!causes.isEmpty()) {
            out.add("failed results by attempts: " + causes);
        }
        out.add(String.format(Locale.ROOT, "cooldown: primary skipped %s after the fault began; %d requests picked up during the fault still called it; back on the primary %s after recovery",
                seconds(cooldownOpenedAfterMs()), primaryCallsDuringFault(), seconds(backOnPrimaryAfterMs())));
        return out;
    }

    private static String seconds(OptionalLong ms) {
        return ms.isPresent() ? String.format(Locale.ROOT, "%.2f s", ms.getAsLong() / 1000.0) : "never";
    }

    private Phase phase(String name, Predicate<ResultTap.Seen> in) {
        List<ResultTap.Seen> part = seen.stream().filter(in).toList();
        int hedged = (int) part.stream().filter(ResultTap.Seen::hedged).count();
        int failed = (int) part.stream().filter(s -> s.status() != ResultStatus.SUCCESS).count();
        double cost = part.stream().mapToDouble(ResultTap.Seen::costUsd).sum();
        double extra = part.stream().mapToDouble(ResultTap.Seen::hedgeCostUsd).sum();
        long[] latency = part.stream().mapToLong(s -> s.completedAt() - s.createdAt()).sorted().toArray();
        long p95 = latency.length == 0 ? 0 : latency[Math.max(0, (int) Math.ceil(0.95 * latency.length) - 1)];
        long max = latency.length == 0 ? 0 : latency[latency.length - 1];
        return new Phase(name, part.size(), failed, part.isEmpty() ? 0 : 100.0 * hedged / part.size(),
                cost == 0 ? 0 : 100.0 * extra / cost, p95, max);
    }
}
