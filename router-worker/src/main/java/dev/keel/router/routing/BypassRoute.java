package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.CallTimeouts;
import dev.keel.providers.CostModel;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.ResultStatus;

import java.math.RoundingMode;
import java.time.Clock;
import java.util.List;

/**
 * Bypass: one call, straight to the primary, as if Keel's routing were not there: no cooldown, no
 * retry, no failover, no cache, no budget. Results say {@code bypass: true}. This is the rollback
 * switch when Keel's own logic is suspected; provider timeouts still apply.
 */
final class BypassRoute {

    private final ProviderClient primary;
    private final ProviderConfig config;
    private final RoutingConfig routing;
    private final Clock clock;
    private final int defaultOutputTokens;

    BypassRoute(ProviderClient primary, ProviderConfig config, RoutingConfig routing, Clock clock, int defaultOutputTokens) {
        this.primary = primary;
        this.config = config;
        this.routing = routing;
        this.clock = clock;
        this.defaultOutputTokens = defaultOutputTokens;
    }

    PromptResult serve(PromptRequest request, RequestContext context) {
        long started = clock.millis();
        ProviderReply reply = primary.call(new ProviderCall(request.getRequestId(), config.model(), request.getSystem(),
                Calls.turns(request.getMessages()),
                request.getMaxOutputTokens() == null ? defaultOutputTokens : request.getMaxOutputTokens(),
                request.getTemperature(), true, CallTimeouts.of(routing)));
        Attempt attempt = Calls.attemptOf(primary.name(), config.model(), reply);
        PromptResult.Builder result = Results.base(request, context, clock.millis())
                .setProvider(primary.name())
                .setModel(attempt.getModel())
                .setCache(CacheOutcome.NONE)
                .setAttempts(List.of(attempt))
                .setInputTokens(reply.usage().inputTokens())
                .setOutputTokens(reply.usage().outputTokens())
                .setCacheReadTokens(reply.usage().cacheReadTokens())
                .setCacheWriteTokens(reply.usage().cacheWriteTokens())
                .setCostUsd(CostModel.cost(config.priceOf(config.model()), reply.usage(), config.promptCacheTtl())
                        .setScale(8, RoundingMode.HALF_UP).doubleValue())
                .setTtftMs(reply.ttft() == null ? null : Math.max(0, started - context.pickedUpAtMs()) + reply.ttft().toMillis());
        if (reply.isOk()) {
            return result.setStatus(ResultStatus.SUCCESS).setOutput(reply.output()).build();
        }
        return result.setStatus(ResultStatus.FAILED)
                .setError(new ErrorInfo("PROVIDER_" + reply.outcome().name(), "bypass: primary answered " + reply.outcome()
                        + (reply.detail() == null ? "" : " (" + reply.detail() + ")") + "; no failover in bypass"))
                .build();
    }
}
