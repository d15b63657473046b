package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.CallTimeouts;
import dev.keel.providers.CostModel;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.ResultStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.List;

/**
 * Bypass: one call, straight to the primary, as if Keel's routing were not there: no cooldown, no
 * retry, no failover, no cache and no budget rejection. Two guardrails stay (DESIGN.md "Bypass"): output
 * tokens are capped at {@code budget.max-output-tokens}, and what the call cost is charged to the tenant's
 * ledger (spend only: nothing is reserved, nothing refused). Results say {@code bypass: true}. This is the
 * rollback switch when Keel's own logic is suspected; provider timeouts still apply.
 */
final class BypassRoute {

    private final ProviderClient primary;
    private final ProviderConfig config;
    private final RoutingConfig routing;
    private final Clock clock;
    private final int defaultOutputTokens;
    private final int maxOutputTokens;
    private final BudgetLedger ledger;

    BypassRoute(ProviderClient primary, ProviderConfig config, ProviderGroupSettings settings, BudgetLedger ledger, Clock clock) {
        this.primary = primary;
        this.config = config;
        this.routing = settings.routing();
        this.clock = clock;
        this.defaultOutputTokens = settings.defaultOutputTokens();
        this.maxOutputTokens = settings.maxOutputTokens();
        this.ledger = ledger;
    }

    PromptResult serve(PromptRequest request, RequestContext context) {
        long started = clock.millis();
        int outputTokens = Math.min(request.getMaxOutputTokens() == null ? defaultOutputTokens : request.getMaxOutputTokens(),
                maxOutputTokens);
        ProviderReply reply = primary.call(new ProviderCall(request.getRequestId(), config.model(), request.getSystem(),
                Calls.turns(request.getMessages()), outputTokens, request.getTemperature(), true, CallTimeouts.of(routing)));
        Attempt attempt = Calls.attemptOf(primary.name(), config.model(), reply);
        BigDecimal cost = CostModel.cost(config.priceOf(config.model()), reply.usage(), config.promptCacheTtl());
        ledger.charge(request.getTenantId(), cost);
        PromptResult.Builder result = Results.base(request, context, clock.millis())
                .setProvider(primary.name())
                .setModel(attempt.getModel())
                .setCache(CacheOutcome.NONE)
                .setAttempts(List.of(attempt))
                .setInputTokens(reply.usage().inputTokens())
                .setOutputTokens(reply.usage().outputTokens())
                .setCacheReadTokens(reply.usage().cacheReadTokens())
                .setCacheWriteTokens(reply.usage().cacheWriteTokens())
                .setCostUsd(cost.setScale(8, RoundingMode.HALF_UP).doubleValue())
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
