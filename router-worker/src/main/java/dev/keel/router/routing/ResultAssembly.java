package dev.keel.router.routing;

import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.Admission;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the router's results. Token fields follow the provider's usage: {@code input_tokens} are uncached input. */
final class ResultAssembly {

    private ResultAssembly() {
    }

    static PromptResult success(PromptRequest request, RequestContext context, long now, String provider,
                                ProviderGroup.Outcome outcome, List<Attempt> attempts, List<Degradation> degradations,
                                CacheOutcome cache) {
        ProviderReply reply = outcome.reply();
        Long ttft = reply.ttft() == null ? null : Math.max(0, outcome.replyStartedAtMs() - context.pickedUpAtMs()) + reply.ttft().toMillis();
        return Results.base(request, context, now)
                .setStatus(ResultStatus.SUCCESS)
                .setProvider(provider)
                .setModel(reply.model())
                .setOutput(reply.output())
                .setCache(cache)
                .setDegradations(List.copyOf(degradations))
                .setAttempts(List.copyOf(attempts))
                .setInputTokens(reply.usage().inputTokens())
                .setOutputTokens(reply.usage().outputTokens())
                .setCacheReadTokens(reply.usage().cacheReadTokens())
                .setCacheWriteTokens(reply.usage().cacheWriteTokens())
                // every call the request made, a cancelled hedge included (each attempt carries its cost)
                .setCostUsd(BigDecimal.valueOf(attempts.stream().mapToDouble(Attempt::getCostUsd).sum()).setScale(8, RoundingMode.HALF_UP).doubleValue())
                .setTtftMs(ttft)
                .build();
    }

    /** A cache answer: no provider call, no cost. {@code stale} marks travel mode. */
    static PromptResult fromCache(PromptRequest request, RequestContext context, long now, CachedResponse cached,
                                  boolean stale, List<Degradation> degradations) {
        return Results.base(request, context, now)
                .setStatus(ResultStatus.SUCCESS)
                .setProvider(cached.provider())
                .setModel(cached.model())
                .setOutput(cached.output())
                .setCache(stale ? CacheOutcome.STALE : CacheOutcome.HIT)
                .setDegradations(List.copyOf(degradations))
                .setCostUsd(0.0)
                .build();
    }

    static PromptResult withAttempts(PromptResult result, List<Attempt> attempts) {
        return PromptResult.newBuilder(result).setAttempts(List.copyOf(attempts)).build();
    }

    static CachedResponse toCached(String provider, ProviderReply reply, long now) {
        return new CachedResponse(provider, reply.model(), reply.output(), reply.usage().totalInputTokens(),
                reply.usage().outputTokens(), now);
    }

    static PromptResult failed(PromptRequest request, RequestContext context, long now, List<Attempt> attempts,
                               String code, String message) {
        return Results.base(request, context, now)
                .setStatus(ResultStatus.FAILED)
                .setAttempts(List.copyOf(attempts))
                .setProvider(attempts.isEmpty() ? null : attempts.getLast().getProvider())
                .setError(new ErrorInfo(code, message))
                .build();
    }

    static PromptResult rejected(PromptRequest request, RequestContext context, long now, Admission.Reject reject) {
        return Results.rejected(request, context, now, "BUDGET_" + reject.limit().name(), reject.message());
    }

    /** {@code primary: TTFT_TIMEOUT x2; secondary: NETWORK} for an error message. */
    static String summarize(List<Attempt> attempts) {
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (Attempt attempt : attempts) {
            byProvider.computeIfAbsent(attempt.getProvider(), p -> new java.util.ArrayList<>()).add(attempt.getOutcome().name());
        }
        return "every provider failed: " + byProvider.entrySet().stream()
                .map(e -> e.getKey() + " " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }
}
