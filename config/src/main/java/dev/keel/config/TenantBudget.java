package dev.keel.config;

import java.math.BigDecimal;

/** A tenant's spend limit per period. */
public record TenantBudget(BudgetPeriod period, BigDecimal limitUsd) {
    public TenantBudget {
        period = period == null ? BudgetPeriod.DAY : period;
        InvalidValueException.require(limitUsd, "limit-usd");
        InvalidValueException.check(limitUsd.signum() >= 0, "limit-usd", "must not be negative");
    }
}
