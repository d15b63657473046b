package dev.keel.router.budget.internal;

import dev.keel.config.BudgetConfig;
import dev.keel.config.TenantBudget;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.budget.Reservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link BudgetLedger} the router uses: finds the tenant's budget and period, asks the store, settles
 * each reservation at most once, and counts reservations and spend. Tenants without a budget get an
 * unmetered reservation (nothing held, spend still counted). Thread-safe.
 */
public final class MeteredBudgetLedger implements BudgetLedger {

    private static final Logger LOGGER = LoggerFactory.getLogger(MeteredBudgetLedger.class);

    private final BudgetConfig config;
    private final LedgerStore store;
    private final Clock clock;
    private final BudgetMetrics metrics;
    private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong sequence = new AtomicLong();

    public MeteredBudgetLedger(BudgetConfig config, LedgerStore store, Clock clock, BudgetMetrics metrics) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Reservation reserve(String tenantId, BigDecimal amountUsd) {
        if (amountUsd.signum() < 0) {
            throw new IllegalArgumentException("a reservation amount must not be negative: " + amountUsd);
        }
        String id = idPrefix + sequence.incrementAndGet();
        Optional<TenantBudget> budget = config.budgetOf(tenantId);
        if (budget.isEmpty()) {
            return Reservation.unmetered(id, tenantId, amountUsd);
        }
        String limitKey = config.tenants().containsKey(tenantId) ? "budget.tenants." + tenantId : "budget.default-tenant";
        Instant now = clock.instant();
        Reservation reservation = store.reserve(Account.of(tenantId, budget.get(), limitKey, now), id, amountUsd, now.toEpochMilli());
        metrics.reservation(reservation);
        return reservation;
    }

    @Override
    public void settle(Reservation reservation, BigDecimal actualUsd) {
        if (!reservation.granted()) {
            return;
        }
        if (!reservation.markSettled()) {
            LOGGER.warn("reservation settled twice, second settle ignored reservation={} tenant={}",
                    reservation.id(), reservation.tenantId());
            return;
        }
        BigDecimal actual = actualUsd.signum() < 0 ? BigDecimal.ZERO : actualUsd;
        metrics.spend(reservation.tenantId(), actual);
        if (reservation.store() != Reservation.Store.NONE) {
            store.settle(reservation, actual, clock.millis());
        }
    }

    @Override
    public void charge(String tenantId, BigDecimal actualUsd) {
        if (actualUsd.signum() <= 0) {
            return;
        }
        metrics.spend(tenantId, actualUsd);
        Optional<TenantBudget> budget = config.budgetOf(tenantId);
        if (budget.isEmpty()) {
            return;
        }
        String limitKey = config.tenants().containsKey(tenantId) ? "budget.tenants." + tenantId : "budget.default-tenant";
        Instant now = clock.instant();
        store.charge(Account.of(tenantId, budget.get(), limitKey, now), UsdNanos.round(actualUsd), now.toEpochMilli());
    }

    @Override
    public void close() {
        store.close();
    }
}
