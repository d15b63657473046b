package dev.keel.cli.demo;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultFacts;
import dev.keel.schemas.ResultStatus;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What callers experienced, aggregated from llm.results as they arrive: counts by status, what they
 * waited (queue + processing, in a 1%-accurate DDSketch), cost, which provider answered, cache
 * outcomes and failovers. The SLO app computes the same over closed minutes; the demo is shorter
 * than the windows it needs, so the live table reads the results directly. Thread-safe.
 */
final class LiveStats {

    /** One moment's totals. */
    record Snapshot(long answered, long success, long failed, long rejected, double p95Ms, double costUsd,
                    Map<String, Long> byProvider, long cacheHits, long stale, long failovers) {
        double successRate() {
            long served = answered - rejected;
            return served == 0 ? 1.0 : (double) success / served;
        }

        double avgCostUsd() {
            return answered == 0 ? 0 : costUsd / answered;
        }
    }

    private final DDSketch waits = DDSketches.unboundedDense(0.01);
    private final Map<String, Long> byProvider = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private long answered;
    private long success;
    private long failed;
    private long rejected;
    private double costUsd;
    private long cacheHits;
    private long stale;
    private long failovers;

    /** Counts a result once per request id (a duplicate after a redelivery is not a second request). */
    synchronized void add(PromptResult result) {
        if (!seen.add(result.getRequestId())) {
            return;
        }
        answered++;
        switch (result.getStatus()) {
            case SUCCESS -> success++;
            case FAILED -> failed++;
            case REJECTED -> rejected++;
        }
        if (result.getStatus() != ResultStatus.REJECTED) {
            waits.accept(Math.max(1, result.getQueueMs() + result.getLatencyMs()));
        }
        costUsd += result.getCostUsd();
        if (result.getCache() == CacheOutcome.HIT || result.getCache() == CacheOutcome.STALE) {
            byProvider.merge("cache", 1L, Long::sum);
            if (result.getCache() == CacheOutcome.STALE) {
                stale++;
            } else {
                cacheHits++;
            }
        } else if (result.getStatus() == ResultStatus.SUCCESS && result.getProvider() != null) {
            byProvider.merge(result.getProvider(), 1L, Long::sum);
        }
        if (ResultFacts.isFailover(result)) {
            failovers++;
        }
        notifyAll();
    }

    /** A cache answer is not a failover, even when the providers it stood in for failed first (STALE). */
    private static boolean byCache(PromptResult result) {
        return result.getCache() == CacheOutcome.HIT || result.getCache() == CacheOutcome.STALE;
    }

    /** Waits until {@code count} requests are answered or {@code timeout} passes; returns whether they were. */
    synchronized boolean awaitAnswered(long count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized boolean contains(String requestId) {
        return seen.contains(requestId);
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(answered, success, failed, rejected, waits.isEmpty() ? 0 : waits.getValueAtQuantile(0.95), costUsd,
                new LinkedHashMap<>(byProvider), cacheHits, stale, failovers);
    }
}
