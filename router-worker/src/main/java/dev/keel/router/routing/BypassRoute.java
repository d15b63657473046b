package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.ProviderConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.CallTimeouts;
import dev.keel.providers.CostModel;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.ResultStatus;

import java.math.BigDecimal;
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
    private final BudgetConfig budget;
    private final BudgetLedger ledger;

    BypassRoute(ProviderClient primary, ProviderConfig config, RouterSettings settings, BudgetLedger ledger, Clock clock) {
        this.primary = primary;
        this.config = config;
        this.routing = settings.routing();
        this.clock = clock;
        this.budget = settings.budget();
        this.ledger = ledger;
    }

    PromptResult serve(PromptRequest request, RequestContext context) {
        long started = clock.millis();
        int outputTokens = budget.outputTokensFor(request.getMaxOutputTokens());
        CallShape shape = new CallShape(config.model(), request.getSystem(), request.getMessages(), outputTokens,
                request.getTemperature());
        ProviderReply reply = primary.call(shape.toCall(request.getRequestId(), CallTimeouts.of(routing)));
        Attempt attempt = AttemptRecords.attemptOf(primary.name(), config.model(), reply);
        BigDecimal cost = CostModel.cost(config.priceOf(config.model()), reply.usage(), config.promptCacheTtl());
        ledger.charge(request.getTenantId(), cost);
        PromptResult.Builder result = Results.called(request, context, clock.millis(), primary.name(), attempt.getModel(), reply,
                cost, started, List.of(attempt));
        if (reply.isOk()) {
            return result.setStatus(ResultStatus.SUCCESS).setOutput(reply.output()).build();
        }
        return result.setStatus(ResultStatus.FAILED)
                .setError(new ErrorInfo("PROVIDER_" + reply.outcome().name(), "bypass: primary answered " + reply.outcome()
                        + (reply.detail() == null ? "" : " (" + reply.detail() + ")") + "; no failover in bypass"))
                .build();
    }
}
