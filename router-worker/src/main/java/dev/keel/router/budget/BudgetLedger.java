package dev.keel.router.budget;

import java.math.BigDecimal;

/**
 * Tenant period budgets, shared by every request of a worker (and, with Redis, by every worker).
 * {@link #reserve} is atomic: concurrent requests cannot together overshoot a tenant's budget by more than
 * the difference between one request's estimate and its actual cost. Implementations never throw because a
 * store is down: they fall back as documented in {@link BudgetLedgers}. Thread-safe; closed once at
 * worker shutdown.
 */
public interface BudgetLedger extends AutoCloseable {

    /** Holds {@code amountUsd} for the tenant if it fits its current period; otherwise a denied reservation. */
    Reservation reserve(String tenantId, BigDecimal amountUsd);

    /**
     * Replaces the hold with what the call actually cost ({@code actualUsd} may be 0 for a failed call).
     * Call exactly once per granted reservation; a second call and a denied reservation are ignored.
     */
    void settle(Reservation reservation, BigDecimal actualUsd);

    /**
     * Adds {@code actualUsd} to the tenant's spend this period without a reservation or a limit check: for
     * calls made outside the budget gate (bypass), which must still show up in what the tenant spent.
     */
    void charge(String tenantId, BigDecimal actualUsd);

    @Override
    void close();
}
