package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.router.budget.Admission;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKeys;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptRequest;

import java.util.Objects;

/**
 * The cache keys a request's answer lives under: the worker's recipe ({@link CacheKeys}) applied to the request as
 * asked (the standard model's key, and the cheaper model's for a degraded answer) and to the shape the budget
 * admitted (possibly truncated, possibly the cheaper model), which is what the answer is written under. Immutable.
 */
final class AnswerKeys {

    private final CacheKeys keys;
    private final BudgetConfig budget;

    AnswerKeys(CacheKeys keys, BudgetConfig budget) {
        this.keys = keys;
        this.budget = budget;
    }

    /** The request as asked, answered by a provider's configured model and by its cheaper model (one normalization). */
    CacheKeys.AsAsked asAsked(PromptRequest request) {
        return keys.asAsked(request, budget.outputTokensFor(request.getMaxOutputTokens()));
    }

    /**
     * Exactly the shape admitted: the key its answer is written under. When the budget admitted the request as
     * asked (not truncated: the same system block and messages, the same output cap), that is one of
     * {@code asAsked}, not computed again.
     */
    CacheKey admitted(PromptRequest request, CacheKeys.AsAsked asAsked, Admission.Proceed proceed) {
        if (!proceed.degradations().contains(Degradation.TRUNCATED_CONTEXT)
                && proceed.maxOutputTokens() == budget.outputTokensFor(request.getMaxOutputTokens())
                && Objects.equals(proceed.system(), request.getSystem()) && proceed.messages().equals(request.getMessages())) {
            return asAsked.of(proceed.modelClass());
        }
        return keys.of(request, proceed.system(), proceed.messages(), proceed.modelClass(), proceed.maxOutputTokens());
    }
}
