package dev.keel.router.budget;

import dev.keel.config.BudgetPeriod;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Budget held for one provider call, from {@link BudgetLedger#reserve} until {@link BudgetLedger#settle}
 * (or until {@code budget.reservation-ttl} passes, when the worker that holds it died). A denied
 * reservation holds nothing and says why: what the tenant has spent, what requests in flight hold, and the
 * limit. A request is charged to the period in which it was reserved, even if it settles after midnight.
 *
 * <p>Immutable but for the one-shot settled flag, which makes a second settle a no-op. Thread-safe.
 */
public final class Reservation {

    /** Where the reservation is held. */
    public enum Store {
        /** The shared ledger in Redis. */
        REDIS,
        /** This worker's in-process ledger (no Redis configured, or Redis unavailable). */
        LOCAL,
        /** The tenant has no period budget: nothing is held, spend is only counted. */
        NONE
    }

    private final String id;
    private final String tenantId;
    private final BigDecimal amountUsd;
    private final boolean granted;
    private final Store store;
    private final BudgetPeriod period;
    private final String periodId;
    private final String limitKey;
    private final BigDecimal spentUsd;
    private final BigDecimal heldUsd;
    private final BigDecimal limitUsd;
    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * @param period   null for {@link Store#NONE}
     * @param periodId e.g. {@code d2025-01-31} or {@code m2025-01}; null for {@link Store#NONE}
     * @param limitKey the setting that holds the limit ({@code budget.tenants.acme}); null for {@link Store#NONE}
     * @param spentUsd settled spend of the tenant this period, as the ledger saw it
     * @param heldUsd  held by other reservations in flight, as the ledger saw it
     * @param limitUsd null for {@link Store#NONE}
     */
    public Reservation(String id, String tenantId, BigDecimal amountUsd, boolean granted, Store store,
                       BudgetPeriod period, String periodId, String limitKey,
                       BigDecimal spentUsd, BigDecimal heldUsd, BigDecimal limitUsd) {
        this.id = Objects.requireNonNull(id, "id");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.amountUsd = Objects.requireNonNull(amountUsd, "amountUsd");
        this.granted = granted;
        this.store = Objects.requireNonNull(store, "store");
        this.period = period;
        this.periodId = periodId;
        this.limitKey = limitKey;
        this.spentUsd = Objects.requireNonNull(spentUsd, "spentUsd");
        this.heldUsd = Objects.requireNonNull(heldUsd, "heldUsd");
        this.limitUsd = limitUsd;
    }

    /** A tenant without a period budget: always granted, nothing held. */
    public static Reservation unmetered(String id, String tenantId, BigDecimal amountUsd) {
        return new Reservation(id, tenantId, amountUsd, true, Store.NONE, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, null);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public BigDecimal amountUsd() {
        return amountUsd;
    }

    public boolean granted() {
        return granted;
    }

    public Store store() {
        return store;
    }

    public BudgetPeriod period() {
        return period;
    }

    public String periodId() {
        return periodId;
    }

    public String limitKey() {
        return limitKey;
    }

    public BigDecimal spentUsd() {
        return spentUsd;
    }

    public BigDecimal heldUsd() {
        return heldUsd;
    }

    public BigDecimal limitUsd() {
        return limitUsd;
    }

    /** Budget left for new reservations when this one was decided (limit − spent − held); null when unmetered. */
    public BigDecimal roomUsd() {
        return limitUsd == null ? null : limitUsd.subtract(spentUsd).subtract(heldUsd);
    }

    public boolean isSettled() {
        return settled.get();
    }

    /** For ledgers: true the first time only, so a reservation is settled at most once. */
    public boolean markSettled() {
        return settled.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "Reservation[id=" + id + ", tenant=" + tenantId + ", amountUsd=" + amountUsd.toPlainString()
                + ", granted=" + granted + ", store=" + store + ", period=" + periodId + "]";
    }
}
