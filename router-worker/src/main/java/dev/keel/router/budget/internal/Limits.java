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
public record Limits(BigDecimal costCapUsd, BudgetLimit costLimit, int maxOutputTokens, int maxInputTokens) {

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
    public static Limits of(BudgetConfig config, PromptRequest request) {
        Integer requested = request.getMaxOutputTokens();
        int maxOut = requested == null ? config.defaultOutputTokens() : Math.min(requested, config.maxOutputTokens());
        Double requestCap = request.getMaxCostUsd();
        if (requestCap != null && !requestCap.isInfinite()
                && BigDecimal.valueOf(requestCap).compareTo(config.maxCostPerRequestUsd()) < 0) {
            return new Limits(BigDecimal.valueOf(requestCap), BudgetLimit.REQUEST_MAX_COST, maxOut, config.maxInputTokens());
        }
        return new Limits(config.maxCostPerRequestUsd(), BudgetLimit.MAX_COST_PER_REQUEST, maxOut, config.maxInputTokens());
    }
}
