package dev.keel.router.budget;

import dev.keel.router.cache.ModelClass;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Degradation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** What {@link BudgetGate#admit} decided for one request and one provider about to be called. */
public sealed interface Admission {

    /**
     * Call the provider with exactly this (possibly degraded) shape, then settle {@code reservation} once
     * with the actual cost — also when the call failed (usually 0). The shape (model class, system, messages,
     * output tokens) is what the router's cache stage keys the answer by.
     */
    record Proceed(String model, ModelClass modelClass, String system, List<ChatMessage> messages,
                   int maxOutputTokens, int inputTokens, BigDecimal estimateUsd,
                   List<Degradation> degradations, Reservation reservation) implements Admission {
        public Proceed {
            Objects.requireNonNull(model, "model");
            messages = List.copyOf(messages);
            degradations = List.copyOf(degradations);
            Objects.requireNonNull(reservation, "reservation");
        }

        /** Shows the shape, never the prompt text. */
        @Override
        public String toString() {
            return "Proceed[model=" + model + ", modelClass=" + modelClass + ", systemChars=" + (system == null ? 0 : system.length())
                    + ", messages=" + messages.size() + ", maxOutputTokens=" + maxOutputTokens + ", inputTokens=" + inputTokens
                    + ", estimateUsd=" + estimateUsd.toPlainString() + ", degradations=" + degradations + ", reservation=" + reservation + "]";
        }
    }

    /**
     * Nothing fits, but {@code cached-response} is in the configured order: serve a cached answer to the request
     * (fresh or stale; the router's cache stage knows its keys) with {@code degradations} (CACHED_RESPONSE); if
     * none, publish {@link BudgetGate#rejectWithoutCache(UseCache)}. Nothing is reserved.
     *
     * @param limit  the limit the most degraded attempt did not fit
     * @param reason says which limit and by how much
     */
    record UseCache(List<Degradation> degradations, BudgetLimit limit, String reason) implements Admission {
        public UseCache {
            degradations = List.copyOf(degradations);
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * REJECTED: {@code message} starts with the limit's setting (e.g.
     * {@code budget.max-cost-per-request-usd: worst case $0.1830 at secondary/claude-x, cap $0.1000 (over by $0.0830)}).
     * Nothing is reserved.
     */
    record Reject(BudgetLimit limit, String message) implements Admission {
        public Reject {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(message, "message");
        }

        /** The result's error code: {@code BUDGET_} and the limit, e.g. {@code BUDGET_TENANT_BUDGET}. */
        public String code() {
            return "BUDGET_" + limit.name();
        }
    }
}
