package dev.keel.router.budget;

/**
 * The limit a request did not fit. {@link #key()} is what users read (the setting or request field);
 * {@link #tag()} is the low-cardinality metric tag of {@code keel.budget.rejections}.
 */
public enum BudgetLimit {
    /** {@code budget.max-input-tokens}. */
    MAX_INPUT_TOKENS("budget.max-input-tokens", "max_input_tokens"),
    /** {@code budget.max-cost-per-request-usd}: the worst-case estimate of one call. */
    MAX_COST_PER_REQUEST("budget.max-cost-per-request-usd", "max_cost_per_request"),
    /** The request's own {@code max_cost_usd}, when it is lower than the configured cap. */
    REQUEST_MAX_COST("request.max_cost_usd", "request_max_cost"),
    /** A tenant's period budget ({@code budget.tenants.<id>} or {@code budget.default-tenant}). */
    TENANT_BUDGET("budget.tenants", "tenant_budget"),
    /** A request field no call can honour (a non-positive {@code max_output_tokens} or {@code max_cost_usd}). */
    INVALID_REQUEST("request", "invalid_request");

    private final String key;
    private final String tag;

    BudgetLimit(String key, String tag) {
        this.key = key;
        this.tag = tag;
    }

    public String key() {
        return key;
    }

    public String tag() {
        return tag;
    }
}
