package dev.keel.slo.internal;

import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultFacts;
import dev.keel.schemas.ResultStatus;

import java.util.List;

/**
 * What the SLO engine keeps of one input event: a result's SLI facts, or the arrival time of a
 * request. Nothing else crosses the internal repartition topic (never a prompt or an output).
 *
 * @param eventTime  {@code completed_at} of a result, {@code created_at} of a request (epoch ms)
 * @param provider   the final provider of a result (null when none served or tried it)
 * @param latencyMs  what the caller waited: {@code queue_ms + latency_ms}
 * @param sourcePartition the partition of the input topic the record came from (-1: unknown)
 */
public record Observation(
        Kind kind,
        long eventTime,
        String requestId,
        String tenant,
        String feature,
        String provider,
        Lane lane,
        ResultStatus status,
        long latencyMs,
        double costUsd,
        boolean cacheHit,
        boolean failover,
        int sourcePartition) {

    public enum Kind { RESULT, REQUEST }

    /** A result at its event time (the record timestamp the topology extracted from {@code completed_at}). */
    public static Observation of(PromptResult r, long eventTime, int sourcePartition) {
        return new Observation(Kind.RESULT, eventTime, r.getRequestId(), r.getTenantId(), r.getFeature(),
                finalProvider(r), r.getLane() == null ? Lane.INTERACTIVE : r.getLane(), r.getStatus(),
                Math.max(0, r.getQueueMs()) + Math.max(0, r.getLatencyMs()), r.getCostUsd(),
                r.getCache() == CacheOutcome.HIT || r.getCache() == CacheOutcome.STALE, ResultFacts.isFailover(r),
                sourcePartition);
    }

    /** A request at its event time ({@code created_at}, else the record timestamp). */
    public static Observation of(PromptRequest r, long eventTime, int sourcePartition) {
        return new Observation(Kind.REQUEST, eventTime, r.getRequestId(), r.getTenantId(), r.getFeature(),
                null, r.getLane() == null ? Lane.INTERACTIVE : r.getLane(), null, 0, 0, false, false, sourcePartition);
    }

    public boolean isResult() {
        return kind == Kind.RESULT;
    }

    /** The result's {@code provider}, else the provider of its last attempt, else null. */
    static String finalProvider(PromptResult r) {
        if (r.getProvider() != null && !r.getProvider().isBlank()) {
            return r.getProvider();
        }
        List<Attempt> attempts = r.getAttempts();
        return attempts == null || attempts.isEmpty() ? null : attempts.getLast().getProvider();
    }

}
