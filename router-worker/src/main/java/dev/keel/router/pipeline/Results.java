package dev.keel.router.pipeline;

import dev.keel.providers.ProviderReply;
import dev.keel.router.cache.CachedResponse;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one builder of {@link PromptResult}s: every result carries its request's identity and tags and the worker's
 * timings alike. Token fields follow the provider's usage: {@code input_tokens} are uncached input.
 */
public final class Results {

    /** Error codes of FAILED and REJECTED results (error.code). */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    public static final String INTERNAL = "INTERNAL";
    public static final String ALL_PROVIDERS_FAILED = "ALL_PROVIDERS_FAILED";

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

    /**
     * What a provider call puts in a result, status and output still to set: provider, model, attempts, tokens,
     * cost, and the TTFT counted from pick-up ({@code replyStartedAtMs} is when the call that answered was sent).
     */
    public static PromptResult.Builder called(PromptRequest request, RequestContext context, long now, String provider,
                                              String model, ProviderReply reply, BigDecimal costUsd, long replyStartedAtMs,
                                              List<Attempt> attempts) {
        Long ttft = reply.ttft() == null ? null : Math.max(0, replyStartedAtMs - context.pickedUpAtMs()) + reply.ttft().toMillis();
        return base(request, context, now)
                .setProvider(provider)
                .setModel(model)
                .setAttempts(List.copyOf(attempts))
                .setInputTokens(reply.usage().inputTokens())
                .setOutputTokens(reply.usage().outputTokens())
                .setCacheReadTokens(reply.usage().cacheReadTokens())
                .setCacheWriteTokens(reply.usage().cacheWriteTokens())
                .setCostUsd(costUsd.setScale(8, RoundingMode.HALF_UP).doubleValue())
                .setTtftMs(ttft);
    }

    /** SUCCESS with a provider's answer. */
    public static PromptResult success(PromptRequest request, RequestContext context, long now, String provider,
                                       ProviderReply reply, BigDecimal costUsd, long replyStartedAtMs, List<Attempt> attempts,
                                       List<Degradation> degradations, CacheOutcome cache) {
        return called(request, context, now, provider, reply.model(), reply, costUsd, replyStartedAtMs, attempts)
                .setStatus(ResultStatus.SUCCESS)
                .setOutput(reply.output())
                .setCache(cache)
                .setDegradations(List.copyOf(degradations))
                .build();
    }

    /** A cache answer: no provider call, no cost. {@code stale} marks travel mode. */
    public static PromptResult fromCache(PromptRequest request, RequestContext context, long now, CachedResponse cached,
                                         boolean stale, List<Degradation> degradations) {
        return base(request, context, now)
                .setStatus(ResultStatus.SUCCESS)
                .setProvider(cached.provider())
                .setModel(cached.model())
                .setOutput(cached.output())
                .setCache(stale ? CacheOutcome.STALE : CacheOutcome.HIT)
                .setDegradations(List.copyOf(degradations))
                .setCostUsd(0.0)
                .build();
    }

    /** {@code result} with the request's attempts so far (a cache answer served after provider calls). */
    public static PromptResult withAttempts(PromptResult result, List<Attempt> attempts) {
        return PromptResult.newBuilder(result).setAttempts(List.copyOf(attempts)).build();
    }

    public static PromptResult rejected(PromptRequest request, RequestContext context, long completedAtMs, String code, String message) {
        return base(request, context, completedAtMs).setStatus(ResultStatus.REJECTED).setError(new ErrorInfo(code, message)).build();
    }

    public static PromptResult failed(PromptRequest request, RequestContext context, long completedAtMs, String code, String message) {
        return failed(request, context, completedAtMs, List.of(), code, message);
    }

    /** FAILED after {@code attempts}; the provider is the last one tried. */
    public static PromptResult failed(PromptRequest request, RequestContext context, long completedAtMs, List<Attempt> attempts,
                                      String code, String message) {
        return base(request, context, completedAtMs)
                .setStatus(ResultStatus.FAILED)
                .setAttempts(List.copyOf(attempts))
                .setProvider(attempts.isEmpty() ? null : attempts.getLast().getProvider())
                .setError(new ErrorInfo(code, message))
                .build();
    }

    /** {@code every provider failed: primary TTFT_TIMEOUT, TTFT_TIMEOUT; secondary NETWORK} for an error message. */
    public static String everyProviderFailed(List<Attempt> attempts) {
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (Attempt attempt : attempts) {
            byProvider.computeIfAbsent(attempt.getProvider(), p -> new ArrayList<>()).add(attempt.getOutcome().name());
        }
        return "every provider failed: " + byProvider.entrySet().stream()
                .map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
