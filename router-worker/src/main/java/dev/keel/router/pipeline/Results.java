package dev.keel.router.pipeline;

import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

import java.util.List;

/** Result builders that carry a request's tags and the worker's timings, so every result is tagged alike. */
public final class Results {

    /** Error codes of FAILED and REJECTED results (error.code). */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    public static final String INTERNAL = "INTERNAL";

    private Results() {
    }

    /** A builder with the request's identity and tags, the context's timings and lane, and empty outcome fields. */
    public static PromptResult.Builder base(PromptRequest request, RequestContext context, long completedAtMs) {
        return PromptResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setTenantId(nullToEmpty(request.getTenantId()))
                .setFeature(nullToEmpty(request.getFeature()))
                .setAttributes(request.getAttributes())
                .setLane(context.lane())
                .setCache(CacheOutcome.NONE)
                .setDegradations(List.of())
                .setAttempts(List.of())
                .setCreatedAt(context.createdAtMs())
                .setQueueMs(context.queueMs())
                .setLatencyMs(Math.max(0, completedAtMs - context.pickedUpAtMs()))
                .setCompletedAt(completedAtMs)
                .setBypass(context.bypass())
                .setWorkerId(context.workerId());
    }

    public static PromptResult rejected(PromptRequest request, RequestContext context, long completedAtMs, String code, String message) {
        return base(request, context, completedAtMs).setStatus(ResultStatus.REJECTED).setError(new ErrorInfo(code, message)).build();
    }

    public static PromptResult failed(PromptRequest request, RequestContext context, long completedAtMs, String code, String message) {
        return base(request, context, completedAtMs).setStatus(ResultStatus.FAILED).setError(new ErrorInfo(code, message)).build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
