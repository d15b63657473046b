package dev.keel.cli.demo;

import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A day of results with incidents the SLO app must catch, in completion order (event time), for
 * {@code keel demo --day} and the report tests. Seeded: the same seed and day give the same results.
 * <ul>
 *   <li>00-06 and 22-24: 5 results a minute (too few to page on), one failure at 03:00;</li>
 *   <li>06-22: 25 a minute over 3 tenants and 3 features, cache hits, failovers, REJECTED budget decisions,
 *       a 0.05% background of failures;</li>
 *   <li>{@link #LATENCY_START} for 25 min: 60% of requests take 3-6 s (p95_latency pages after 15 min);</li>
 *   <li>{@link #OUTAGE_START} for 6 min: 25% FAILED (success_rate pages after 5 min);</li>
 *   <li>{@link #COST_START} for 20 min: feature legal at $0.06 a request (avg_cost pages after 15 min).</li>
 * </ul>
 */
public final class ScriptedDay {

    public static final Duration LATENCY_START = Duration.ofHours(9);
    public static final Duration OUTAGE_START = Duration.ofHours(12);
    public static final Duration COST_START = Duration.ofHours(16);
    private static final long MIN = 60_000;
    private static final String[] TENANTS = {"acme", "acme", "globex", "initech"};
    private static final String[] FEATURES = {"chat", "chat", "summarize", "legal"};

    private ScriptedDay() {
    }

    /** The results of the day starting at {@code dayStart} (epoch ms, midnight UTC), sorted by {@code completed_at}. */
    public static List<PromptResult> results(long dayStart, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<PromptResult> out = new ArrayList<>();
        for (int m = 0; m < 24 * 60; m++) {
            long start = dayStart + m * MIN;
            int hour = m / 60;
            boolean night = hour < 6 || hour >= 22;
            int perMinute = night ? 5 : 25;
            for (int i = 0; i < perMinute; i++) {
                long t = start + i * (MIN / perMinute) + rnd.nextInt(1_000);
                out.add(result(rnd, out.size() + 1, t, m, night, i));
            }
        }
        out.sort(java.util.Comparator.comparingLong(PromptResult::getCompletedAt));
        return out;
    }

    private static PromptResult result(SplittableRandom rnd, int n, long t, int minute, boolean night, int i) {
        String tenant = night ? "acme" : TENANTS[rnd.nextInt(TENANTS.length)];
        String feature = night ? "chat" : FEATURES[rnd.nextInt(FEATURES.length)];
        long latency = Math.round(Math.exp(6.2 + 0.45 * rnd.nextGaussian()));
        double cost = Math.round((0.001 + 0.007 * rnd.nextDouble()) * 1e6) / 1e6;
        ResultStatus status = ResultStatus.SUCCESS;
        String provider = "primary";
        CacheOutcome cache = CacheOutcome.MISS;
        boolean failover = false;
        double roll = rnd.nextDouble();
        if (!night && roll < 0.05) {
            provider = "secondary";
            failover = true;
            cost = Math.round((0.004 + 0.008 * rnd.nextDouble()) * 1e6) / 1e6;
        } else if (!night && roll < 0.12) {
            cache = CacheOutcome.HIT;
            latency = 5 + rnd.nextInt(25);
            cost = 0;
        } else if (!night && roll < 0.13) {
            status = ResultStatus.REJECTED;
        }
        if (status == ResultStatus.SUCCESS && rnd.nextDouble() < 0.0005) {
            status = ResultStatus.FAILED;
        }
        if (night && minute == 180 && i == 0) {
            status = ResultStatus.FAILED;
        }
        if (within(minute, LATENCY_START, 25) && rnd.nextDouble() < 0.6) {
            latency = 3_000 + rnd.nextInt(3_000);
        }
        if (within(minute, OUTAGE_START, 6) && status != ResultStatus.REJECTED && rnd.nextDouble() < 0.25) {
            status = ResultStatus.FAILED;
        }
        if (within(minute, COST_START, 20) && status != ResultStatus.REJECTED) {
            feature = "legal";
            cost = 0.06;
        }
        long queue = rnd.nextInt(40);
        PromptResult.Builder b = PromptResult.newBuilder()
                .setRequestId(String.format("day-%06d", n)).setTenantId(tenant).setFeature(feature).setLane(Lane.INTERACTIVE)
                .setStatus(status).setCache(cache).setLatencyMs(latency).setQueueMs(queue)
                .setCreatedAt(t - latency - queue).setCompletedAt(t).setWorkerId("scripted-day");
        switch (status) {
            case REJECTED -> b.setProvider(null).setCostUsd(0.0).setLatencyMs(1 + rnd.nextInt(4))
                    .setError(new ErrorInfo("BUDGET_EXCEEDED", "tenant budget exhausted"));
            case FAILED -> b.setProvider(provider).setCostUsd(0.0).setError(new ErrorInfo("PROVIDER_ERROR", "every provider failed"))
                    .setAttempts(List.of(new Attempt("primary", "gpt-4o-mini", AttemptOutcome.SERVER_ERROR, 503, latency, null, null, 0.0)));
            case SUCCESS -> {
                b.setProvider(provider).setModel(provider.equals("primary") ? "gpt-4o-mini" : "claude-haiku-4-5").setCostUsd(cost);
                if (failover) {
                    b.setAttempts(List.of(new Attempt("primary", "gpt-4o-mini", AttemptOutcome.SERVER_ERROR, 503, 120L, null, null, 0.0),
                            new Attempt("secondary", "claude-haiku-4-5", AttemptOutcome.OK, 200, latency - 120, 90L, null, 0.0)));
                }
            }
        }
        return b.build();
    }

    private static boolean within(int minute, Duration start, int minutes) {
        long s = start.toMinutes();
        return minute >= s && minute < s + minutes;
    }
}
