package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.router.budget.Admission;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.ModelClass;
import dev.keel.schemas.PromptRequest;

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

    /** The request as asked, answered by a provider's configured model. */
    CacheKey standard(PromptRequest request) {
        return keys.of(request, ModelClass.STANDARD, budget.outputTokensFor(request.getMaxOutputTokens()));
    }

    /** The request as asked, answered by a provider's cheaper model. */
    CacheKey cheaper(PromptRequest request) {
        return keys.of(request, ModelClass.CHEAPER, budget.outputTokensFor(request.getMaxOutputTokens()));
    }

    /** Exactly the shape admitted: the key its answer is written under. */
    CacheKey admitted(PromptRequest request, Admission.Proceed proceed) {
        return keys.of(request, proceed.system(), proceed.messages(), proceed.modelClass(), proceed.maxOutputTokens());
    }
}
