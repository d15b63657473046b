package dev.keel.slo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An independent, deliberately plain reading of slo-streams/README.md: it takes the JSON lines
 * themselves (not the engine's types), works out which are late, and computes every minute's SLIs
 * and every page by brute force over the records, with the default rules and {@code minRequests}.
 */
final class BruteForceSlo {

    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;
    static final long GRACE = 10_000;
    static final double BUDGET = 0.005;

    record Rec(long t, String lane, String status, long latency, double cost, boolean cacheHit, boolean failover, List<String> scopes) {
        boolean served() {
            return !status.equals("REJECTED");
        }
    }

    record Sli(long windowStart, String scope, String lane, long count, long success, long rejected, long under, double cost,
               long cacheHits, long failovers, double exactP95) {
    }

    record Page(String alertKey, String state, long startedAt, long evaluatedAt, double observed) {
    }

    final List<Rec> accepted = new ArrayList<>();
    int late;
    private final int minRequests;

    BruteForceSlo(Path jsonl, int minRequests) {
        this.minRequests = minRequests;
        ObjectMapper json = new ObjectMapper();
        long clock = Long.MIN_VALUE;
        try {
            for (String line : Files.readAllLines(jsonl)) {
                JsonNode n = json.readTree(line);
                long t = n.get("completed_at").asLong();
                if (clock != Long.MIN_VALUE && floorMin(t) < floorMin(clock - GRACE)) {
                    late++;
                    continue;
                }
                clock = Math.max(clock, t);
                accepted.add(toRec(n, t));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        accepted.sort(Comparator.comparingLong(Rec::t));
    }

    private static Rec toRec(JsonNode n, long t) {
        List<String> scopes = new ArrayList<>(List.of("global"));
        String provider = n.path("provider").isTextual() ? n.get("provider").asText() : null;
        JsonNode attempts = n.path("attempts");
        if (provider == null && attempts.size() > 0) {
            provider = attempts.get(attempts.size() - 1).get("provider").asText();
        }
        if (provider != null) {
            scopes.add("provider:" + provider);
        }
        scopes.add("feature:" + n.get("feature").asText());
        scopes.add("tenant:" + n.get("tenant_id").asText());
        String cache = n.path("cache").asText("NONE");
        boolean fromCache = cache.equals("HIT") || cache.equals("STALE");
        // A failover: a provider answered, and not the one the request was first tried on.
        boolean failover = n.get("status").asText().equals("SUCCESS") && n.path("provider").isTextual() && !fromCache
                && attempts.size() > 0 && !attempts.get(0).get("provider").asText().equals(n.get("provider").asText());
        return new Rec(t, n.path("lane").asText("INTERACTIVE"), n.get("status").asText(),
                n.path("queue_ms").asLong() + n.path("latency_ms").asLong(), n.path("cost_usd").asDouble(),
                fromCache, failover, scopes);
    }

    static long floorMin(long t) {
        return Math.floorDiv(t, MIN) * MIN;
    }

    /** One SLI per minute, scope and lane with results. */
    List<Sli> slis() {
        Map<String, List<Rec>> groups = new TreeMap<>();
        for (Rec r : accepted) {
            for (String scope : r.scopes()) {
                groups.computeIfAbsent(floorMin(r.t()) + "|" + scope + "|" + r.lane(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Sli> out = new ArrayList<>();
        groups.forEach((key, recs) -> {
            String[] parts = key.split("\\|");
            List<Rec> served = recs.stream().filter(Rec::served).toList();
            out.add(new Sli(Long.parseLong(parts[0]), parts[1], parts[2], recs.size(),
                    recs.stream().filter(r -> r.status().equals("SUCCESS")).count(),
                    recs.size() - served.size(), served.stream().filter(r -> r.latency() <= 2500).count(),
                    served.stream().mapToDouble(Rec::cost).sum(),
                    recs.stream().filter(Rec::cacheHit).count(), recs.stream().filter(Rec::failover).count(),
                    percentile(served.stream().map(Rec::latency).toList(), 0.95)));
        });
        return out;
    }

    /** Every FIRING and RESOLVED, evaluating each closed minute from the first to {@code lastEnd}. */
    List<Page> pages(long lastEnd) {
        List<Page> out = new ArrayList<>();
        Map<String, long[]> run = new TreeMap<>();        // alert key -> {runStart, firing}
        long first = floorMin(accepted.getFirst().t()) + MIN;
        TreeSet<String> scopes = new TreeSet<>();
        int seen = 0;
        for (long e = first; e <= lastEnd; e += MIN) {
            while (seen < accepted.size() && accepted.get(seen).t() < e) {
                scopes.addAll(accepted.get(seen++).scopes());
            }
            for (String scope : scopes) {
                evaluate(out, run, "p95_latency|" + scope, e, 15 * MIN, latencyBreach(scope, e));
                long[] success = count(scope, e, MIN, r -> r.status().equals("SUCCESS"));
                double rate = (double) success[0] / success[1];
                evaluate(out, run, "success_rate|" + scope, e, 5 * MIN, success[1] >= minRequests && rate < 0.995 ? rate : null);
                evaluate(out, run, "avg_cost|" + scope, e, 15 * MIN, avgCostBreach(scope, e));
                evaluate(out, run, "burn_rate_fast|" + scope, e, 0, burn(scope, e, HOUR, 5 * MIN, 14.4));
                evaluate(out, run, "burn_rate_slow|" + scope, e, 0, burn(scope, e, 6 * HOUR, 30 * MIN, 6));
                evaluate(out, run, "burn_rate_ticket|" + scope, e, 0, burn(scope, e, 72 * HOUR, 6 * HOUR, 1));
                long[] budget = count(scope, e, 30 * 24 * HOUR, r -> !r.status().equals("SUCCESS"));
                boolean spent = budget[1] >= Math.max(minRequests, 200) && budget[0] >= BUDGET * budget[1];
                evaluate(out, run, "budget_exhausted|" + scope, e, 0, spent ? 0.0 : null);
            }
        }
        return out;
    }

    private void evaluate(List<Page> out, Map<String, long[]> run, String key, long e, long hold, Double breachObserved) {
        long[] state = run.computeIfAbsent(key, k -> new long[]{Long.MIN_VALUE, 0});
        if (breachObserved != null) {
            if (state[0] == Long.MIN_VALUE) {
                state[0] = e - MIN;
            }
            if (state[1] == 0 && e - state[0] >= hold) {
                state[1] = 1;
                out.add(new Page(key, "FIRING", state[0], e, breachObserved));
            }
        } else {
            if (state[1] == 1) {
                out.add(new Page(key, "RESOLVED", state[0], e, Double.NaN));
            }
            state[0] = Long.MIN_VALUE;
            state[1] = 0;
        }
    }

    private Double latencyBreach(String scope, long e) {
        List<Long> latencies = in(scope, e - MIN, e).stream().filter(r -> r.served() && r.lane().equals("INTERACTIVE")).map(Rec::latency).toList();
        if (latencies.size() < minRequests) {
            return null;
        }
        double p95 = percentile(latencies, 0.95);
        return p95 > 2500 ? p95 : null;
    }

    private Double avgCostBreach(String scope, long e) {
        List<Rec> served = in(scope, e - MIN, e).stream().filter(Rec::served).toList();
        double avg = served.stream().mapToDouble(Rec::cost).sum() / served.size();
        return served.size() >= minRequests && avg > 0.015 ? avg : null;
    }

    private Double burn(String scope, long e, long longW, long shortW, double factor) {
        long needed = Math.max(minRequests, (long) Math.ceil(1 / (BUDGET * factor) - 1e-9));
        long[] l = count(scope, e, longW, r -> !r.status().equals("SUCCESS"));
        long[] s = count(scope, e, shortW, r -> !r.status().equals("SUCCESS"));
        if (l[1] < needed || s[1] < needed) {
            return null;
        }
        double burn = Math.min((double) l[0] / l[1], (double) s[0] / s[1]) / BUDGET;
        return burn > factor ? burn : null;
    }

    /** {served matching, served} over the window of length w ending at e (hour-aligned start past 6 h). */
    private long[] count(String scope, long e, long w, Predicate<Rec> matching) {
        long from = w <= 6 * HOUR ? e - w : Math.floorDiv(e, HOUR) * HOUR - w;
        List<Rec> served = in(scope, from, e).stream().filter(Rec::served).toList();
        return new long[]{served.stream().filter(matching).count(), served.size()};
    }

    private List<Rec> in(String scope, long from, long to) {
        return accepted.subList(firstAtOrAfter(from), firstAtOrAfter(to)).stream().filter(r -> r.scopes().contains(scope)).toList();
    }

    private int firstAtOrAfter(long t) {
        int lo = 0;
        int hi = accepted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (accepted.get(mid).t() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double percentile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
    }
}
