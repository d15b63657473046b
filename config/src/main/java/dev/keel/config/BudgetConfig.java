package dev.keel.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Budget guardrails checked before every provider call (DESIGN.md "Budget guardrails and cache").
 *
 * @param maxCostPerRequestUsd worst-case cost cap per request; a request's {@code max_cost_usd} can only lower it
 * @param maxInputTokens       input token cap
 * @param maxOutputTokens      caps {@code max_output_tokens}
 * @param defaultOutputTokens  {@code max_output_tokens} of a request that does not say
 * @param degrade              what to try, in order, when a request does not fit; {@code cached-response}, when
 *                             listed, must be last (it ends the search: nothing after it could ever run)
 * @param tenants              per-tenant period budgets
 * @param defaultTenant        the budget of tenants not listed (unset: unlimited)
 * @param reservationTtl       how long a reservation of a crashed worker holds budget
 */
public record BudgetConfig(
        BigDecimal maxCostPerRequestUsd,
        Integer maxInputTokens,
        Integer maxOutputTokens,
        Integer defaultOutputTokens,
        List<DegradeStep> degrade,
        Map<String, TenantBudget> tenants,
        TenantBudget defaultTenant,
        Duration reservationTtl) {

    public static final BigDecimal DEFAULT_MAX_COST_PER_REQUEST_USD = new BigDecimal("0.10");
    public static final int DEFAULT_MAX_INPUT_TOKENS = 100_000;
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;
    public static final int DEFAULT_OUTPUT_TOKENS = 1_024;
    public static final List<DegradeStep> DEFAULT_DEGRADE =
            List.of(DegradeStep.TRUNCATE_CONTEXT, DegradeStep.CHEAPER_MODEL, DegradeStep.CACHED_RESPONSE);
    public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(5);

    public BudgetConfig {
        maxCostPerRequestUsd = maxCostPerRequestUsd == null ? DEFAULT_MAX_COST_PER_REQUEST_USD : maxCostPerRequestUsd;
        InvalidValueException.check(maxCostPerRequestUsd.signum() > 0, "max-cost-per-request-usd", "must be positive");
        maxInputTokens = maxInputTokens == null ? DEFAULT_MAX_INPUT_TOKENS : maxInputTokens;
        InvalidValueException.check(maxInputTokens > 0, "max-input-tokens", "must be positive");
        maxOutputTokens = maxOutputTokens == null ? DEFAULT_MAX_OUTPUT_TOKENS : maxOutputTokens;
        InvalidValueException.check(maxOutputTokens > 0, "max-output-tokens", "must be positive");
        defaultOutputTokens = defaultOutputTokens == null ? Math.min(DEFAULT_OUTPUT_TOKENS, maxOutputTokens) : defaultOutputTokens;
        InvalidValueException.check(defaultOutputTokens > 0 && defaultOutputTokens <= maxOutputTokens, "default-output-tokens",
                "must be between 1 and max-output-tokens (" + maxOutputTokens + ")");
        degrade = List.copyOf(degrade == null ? DEFAULT_DEGRADE : degrade);
        InvalidValueException.check(degrade.stream().distinct().count() == degrade.size(), "degrade", "lists a step twice");
        InvalidValueException.check(!degrade.contains(DegradeStep.CACHED_RESPONSE)
                        || degrade.indexOf(DegradeStep.CACHED_RESPONSE) == degrade.size() - 1,
                "degrade", "cached-response must be the last step (the steps after it could never run)");
        tenants = Map.copyOf(tenants == null ? Map.of() : tenants);
        tenants.keySet().forEach(t -> InvalidValueException.check(!t.isBlank(), "tenants", "a tenant id must not be blank"));
        reservationTtl = RoutingConfig.positive(reservationTtl, DEFAULT_RESERVATION_TTL, "reservation-ttl");
    }

    public static BudgetConfig defaults() {
        return new BudgetConfig(null, null, null, null, null, null, null, null);
    }

    /**
     * The output-token limit a call is made with, the one rule for it: the request's {@code max_output_tokens},
     * else {@code default-output-tokens}, never above {@code max-output-tokens}.
     *
     * @param requested the request's {@code max_output_tokens}, or null when it does not say
     */
    public int outputTokensFor(Integer requested) {
        return requested == null ? defaultOutputTokens : Math.min(requested, maxOutputTokens);
    }

    /** The budget of a tenant: its own, else the default, else none (unlimited). */
    public java.util.Optional<TenantBudget> budgetOf(String tenantId) {
        TenantBudget own = tenants.get(tenantId);
        return java.util.Optional.ofNullable(own != null ? own : defaultTenant);
    }
}
