package dev.keel.router.budget.internal;

import dev.keel.router.budget.BudgetLimit;
import dev.keel.router.budget.Reservation;

import java.math.BigDecimal;

/**
 * A limit one candidate did not fit, with the message users read.
 *
 * @param tenantRoomUsd the tenant's budget left when the ledger denied it; null for other limits
 */
public record Violation(BudgetLimit limit, String message, BigDecimal tenantRoomUsd) {

    public static Violation inputTokens(int tokens, int limit) {
        return new Violation(BudgetLimit.MAX_INPUT_TOKENS, String.format("%s: request has %s input tokens, limit %s (over by %s)",
                BudgetLimit.MAX_INPUT_TOKENS.key(), Money.tokens(tokens), Money.tokens(limit), Money.tokens(tokens - limit)), null);
    }

    public static Violation cost(BudgetLimit limit, BigDecimal estimate, String provider, String model, BigDecimal cap) {
        return new Violation(limit, String.format("%s: worst case %s at %s/%s, cap %s (over by %s)", limit.key(),
                Money.usd(estimate), provider, model, Money.usd(cap), Money.usd(estimate.subtract(cap))), null);
    }

    public static Violation tenant(Reservation denied) {
        BigDecimal over = denied.spentUsd().add(denied.heldUsd()).add(denied.amountUsd()).subtract(denied.limitUsd());
        String held = denied.heldUsd().signum() > 0 ? " with " + Money.usd(denied.heldUsd()) + " held by requests in flight" : "";
        String who = denied.limitKey().equals("budget.tenants." + denied.tenantId()) ? "" : " (tenant " + denied.tenantId() + ")";
        return new Violation(BudgetLimit.TENANT_BUDGET, String.format("%s%s: spent %s of %s %s%s; this request may cost up to %s (over by %s)",
                denied.limitKey(), who, Money.usd(denied.spentUsd()), Money.usd(denied.limitUsd()),
                BudgetPeriods.label(denied.period()), held, Money.usd(denied.amountUsd()), Money.usd(over)), denied.roomUsd());
    }
}
