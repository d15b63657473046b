package dev.keel.router.budget;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CacheConfig;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process ledger (no {@code cache.redis-uri}): the embedded default. */
class LocalBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    Reservation.Store expectedStore() {
        return Reservation.Store.LOCAL;
    }

    @Override
    BudgetLedger create(BudgetConfig config, MutableClock clock, MeterRegistry meters) {
        return BudgetLedgers.create(config, CacheConfig.defaults(), clock, meters);
    }

    @Test
    void shouldHoldReservationsInProcessWhenNoRedisIsConfigured() {
        // When
        Reservation reservation = ledger(Map.of("acme", perDay("1.00"))).reserve("acme", usd("0.10"));

        // Then
        assertThat(reservation.store()).isEqualTo(Reservation.Store.LOCAL);
        assertThat(meters.get("keel.budget.reservations").tag("outcome", "granted").tag("store", "local").counter().count()).isEqualTo(1);
    }
}
