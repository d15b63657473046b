package dev.keel.router.budget.internal;

import dev.keel.router.cache.ModelClass;
import dev.keel.schemas.ChatMessage;

import java.util.List;

/**
 * One shape of a call the gate considers, with what prices it: the model (and the estimator at its price), the
 * messages (possibly truncated) and their token counts.
 *
 * @param systemTokens the system block's share of {@code inputTokens}
 */
public record PricedShape(String model, ModelClass modelClass, CostEstimator estimator, List<ChatMessage> messages,
                          int inputTokens, int systemTokens, boolean truncated) {

    public boolean sameShapeAs(PricedShape other) {
        return other != null && model.equals(other.model) && messages.equals(other.messages);
    }
}
