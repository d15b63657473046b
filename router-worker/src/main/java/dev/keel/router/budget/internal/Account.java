package dev.keel.router.budget.internal;

import dev.keel.config.BudgetPeriod;
import dev.keel.config.TenantBudget;

import java.time.Instant;

/**
 * One tenant's budget in one period: what a ledger store reserves against.
 *
 * @param limitKey the setting that holds the limit, for messages ({@code budget.tenants.acme})
 */
public record Account(String tenantId, TenantBudget budget, String limitKey, String periodId, Instant periodEnd) {

    public static Account of(String tenantId, TenantBudget budget, String limitKey, Instant now) {
        return new Account(tenantId, budget, limitKey, BudgetPeriods.periodId(budget.period(), now),
                BudgetPeriods.periodEnd(budget.period(), now));
    }

    public BudgetPeriod period() {
        return budget.period();
    }

    public Id id() {
        return new Id(tenantId, periodId);
    }

    /** Map key of an account. */
    public record Id(String tenantId, String periodId) {
    }
}
