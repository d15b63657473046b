package dev.keel.router.budget.internal;

import dev.keel.config.BudgetConfig;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.BudgetLimit;
import dev.keel.schemas.PromptRequest;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The caps that apply to one request: the configured ones, lowered (never raised) by the request's own
 * {@code max_cost_usd}; {@code max_output_tokens} defaulted and capped by {@code budget.max-output-tokens}.
 *
 * @param costLimit which limit {@code costCapUsd} is, for messages
 */
public record RequestLimits(BigDecimal costCapUsd, BudgetLimit costLimit, int maxOutputTokens, int maxInputTokens) {

    /** Why no call can honour the request's own fields, if that is the case. */
    public static Optional<Admission.Reject> invalid(PromptRequest request) {
        Integer requested = request.getMaxOutputTokens();
        if (requested != null && requested <= 0) {
            return Optional.of(new Admission.Reject(BudgetLimit.INVALID_REQUEST,
                    "request.max_output_tokens: must be positive, got " + requested));
        }
        Double requestCap = request.getMaxCostUsd();
        if (requestCap != null && (requestCap.isNaN() || requestCap <= 0)) {
            return Optional.of(new Admission.Reject(BudgetLimit.INVALID_REQUEST,
                    "request.max_cost_usd: must be a positive amount, got " + requestCap));
        }
        return Optional.empty();
    }

    /** The limits of a request that {@link #invalid} accepted. */
    public static RequestLimits of(BudgetConfig config, PromptRequest request) {
        int maxOut = config.outputTokensFor(request.getMaxOutputTokens());
        Double requestCap = request.getMaxCostUsd();
        if (requestCap != null && !requestCap.isInfinite()
                && BigDecimal.valueOf(requestCap).compareTo(config.maxCostPerRequestUsd()) < 0) {
            return new RequestLimits(BigDecimal.valueOf(requestCap), BudgetLimit.REQUEST_MAX_COST, maxOut, config.maxInputTokens());
        }
        return new RequestLimits(config.maxCostPerRequestUsd(), BudgetLimit.MAX_COST_PER_REQUEST, maxOut, config.maxInputTokens());
    }
}
