package dev.keel.router.budget;

import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.DegradeStep;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.TenantBudget;
import dev.keel.router.support.Prompts;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.keel.router.support.Prompts.price;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules every {@link BudgetLedger} honours; run against the in-process ledger and against Redis. */
abstract class BudgetLedgerContract {

    static final Duration RESERVATION_TTL = Duration.ofMinutes(5);

    final MutableClock clock = MutableClock.at("2025-03-14T12:00:00Z");
    final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<BudgetLedger> ledgers = new ArrayList<>();

    abstract BudgetLedger create(BudgetConfig config, MutableClock clock, MeterRegistry meters);

    /** Where this ledger holds reservations of metered tenants when all is well. */
    abstract Reservation.Store expectedStore();

    BudgetLedger ledger(Map<String, TenantBudget> tenants) {
        BudgetLedger ledger = create(config(tenants), clock, meters);
        ledgers.add(ledger);
        return ledger;
    }

    static BudgetConfig config(Map<String, TenantBudget> tenants) {
        return new BudgetConfig(new BigDecimal("0.10"), null, null, 1_000, List.of(), tenants, null, RESERVATION_TTL);
    }

    static TenantBudget perDay(String usd) {
        return new TenantBudget(BudgetPeriod.DAY, new BigDecimal(usd));
    }

    static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @AfterEach
    void closeLedgers() {
        ledgers.forEach(BudgetLedger::close);
    }

    @Test
    void shouldGrantWhileTheBudgetLastsAndSayWhyWhenItDoesNot() {
        // Given
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));

        // When
        Reservation first = ledger.reserve("acme", usd("0.60"));
        Reservation second = ledger.reserve("acme", usd("0.50"));

        // Then
        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isFalse();
        assertThat(second.heldUsd()).isEqualByComparingTo("0.60");
        assertThat(second.spentUsd()).isEqualByComparingTo("0");
        assertThat(second.limitUsd()).isEqualByComparingTo("1.00");
        assertThat(second.limitKey()).isEqualTo("budget.tenants.acme");
        assertThat(second.periodId()).isEqualTo("d2025-03-14");
    }

    @Test
    void shouldReplaceTheHoldWithTheActualCostWhenSettled() {
        // Given
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));
        Reservation held = ledger.reserve("acme", usd("0.60"));

        // When
        ledger.settle(held, usd("0.25"));
        Reservation next = ledger.reserve("acme", usd("0.80"));

        // Then
        assertThat(next.granted()).isFalse();
        assertThat(next.spentUsd()).isEqualByComparingTo("0.25");
        assertThat(next.heldUsd()).isEqualByComparingTo("0");
        assertThat(ledger.reserve("acme", usd("0.75")).granted()).isTrue();
    }

    @Test
    void shouldSettleOnlyOnceWhenSettleIsCalledTwice() {
        // Given
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));
        Reservation held = ledger.reserve("acme", usd("0.10"));

        // When
        ledger.settle(held, usd("0.40"));
        ledger.settle(held, usd("0.40"));

        // Then
        assertThat(ledger.reserve("acme", usd("0.60")).granted()).isTrue();
        assertThat(meters.get("keel.budget.spend").tag("tenant", "acme").counter().count()).isEqualTo(0.40);
    }

    @Test
    void shouldStopCountingAReservationWhenItsWorkerNeverSettlesItWithinTheTtl() {
        // Given a crashed worker's reservation
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));
        ledger.reserve("acme", usd("0.70"));

        // When / Then: still held one millisecond before the TTL, released at it
        clock.advance(RESERVATION_TTL.minusMillis(1));
        assertThat(ledger.reserve("acme", usd("0.70")).granted()).isFalse();
        clock.advance(Duration.ofMillis(1));
        Reservation after = ledger.reserve("acme", usd("0.70"));
        assertThat(after.granted()).isTrue();
        assertThat(after.heldUsd()).isEqualByComparingTo("0");
    }

    @Test
    void shouldStartAnEmptyBudgetWhenTheUtcDayRollsOver() {
        // Given a day budget spent to the cent at the last millisecond of the day
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));
        clock.set("2025-03-14T23:59:59.999Z");
        ledger.settle(ledger.reserve("acme", usd("1.00")), usd("1.00"));
        assertThat(ledger.reserve("acme", usd("0.01")).granted()).isFalse();

        // When
        clock.set("2025-03-15T00:00:00.000Z");
        Reservation nextDay = ledger.reserve("acme", usd("1.00"));

        // Then
        assertThat(nextDay.granted()).isTrue();
        assertThat(nextDay.periodId()).isEqualTo("d2025-03-15");
        assertThat(nextDay.spentUsd()).isEqualByComparingTo("0");
    }

    @Test
    void shouldStartAnEmptyBudgetWhenTheUtcMonthRollsOverAndChargeLateSettlesToTheirOwnMonth() {
        // Given a month budget, with a reservation made in the last millisecond of January
        BudgetLedger ledger = ledger(Map.of("acme", new TenantBudget(BudgetPeriod.MONTH, usd("5.00"))));
        clock.set("2025-01-31T23:59:59.999Z");
        ledger.settle(ledger.reserve("acme", usd("4.00")), usd("4.00"));
        Reservation late = ledger.reserve("acme", usd("1.00"));

        // When it settles in February
        clock.set("2025-02-01T00:00:00.000Z");
        ledger.settle(late, usd("1.00"));
        Reservation february = ledger.reserve("acme", usd("5.00"));

        // Then February is untouched and January is full
        assertThat(february.granted()).isTrue();
        assertThat(february.periodId()).isEqualTo("m2025-02");
        clock.set("2025-01-31T23:59:59.999Z");
        Reservation january = ledger.reserve("acme", usd("0.01"));
        assertThat(january.granted()).isFalse();
        assertThat(january.spentUsd()).isEqualByComparingTo("5.00");
    }

    @Test
    void shouldNeverHoldAnythingWhenTheTenantHasNoBudget() {
        // Given
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));

        // When
        Reservation free = ledger.reserve("initech", usd("1000"));
        ledger.settle(free, usd("0.30"));

        // Then
        assertThat(free.granted()).isTrue();
        assertThat(free.store()).isEqualTo(Reservation.Store.NONE);
        assertThat(meters.get("keel.budget.spend").tag("tenant", "other").counter().count()).isEqualTo(0.30);
    }

    @Test
    void shouldGrantExactlyWhatFitsWhen200RequestsArriveAtOnce() throws Exception {
        // Given a $1.00 day budget and requests whose worst case is exactly $0.02 (1,000 output tokens at $20/M)
        BudgetConfig config = new BudgetConfig(new BigDecimal("0.10"), null, null, 1_000,
                List.of(DegradeStep.TRUNCATE_CONTEXT, DegradeStep.CHEAPER_MODEL),
                Map.of("acme", perDay("1.00")), null, RESERVATION_TTL);
        BudgetLedger ledger = create(config, clock, meters);
        ledgers.add(ledger);
        BudgetGate gate = new BudgetGate(config, new TokenCounter(), ledger, clock, meters);
        ProviderConfig primary = Prompts.provider(ProviderKind.OPENAI, "gpt-4o-mini", null, price("0", "20"), null);

        // When 200 requests are admitted concurrently on virtual threads
        List<Admission> admissions = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Admission>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(threads.submit(() -> gate.admit(Prompts.ask("acme", "Summarize the report."), "primary", primary)));
            }
            for (Future<Admission> future : futures) {
                admissions.add(future.get());
            }
        }

        // Then at most 50 are granted, and every other one says which budget stopped it
        List<Admission.Proceed> granted = admissions.stream().filter(Admission.Proceed.class::isInstance)
                .map(Admission.Proceed.class::cast).toList();
        List<Admission.Reject> rejected = admissions.stream().filter(Admission.Reject.class::isInstance)
                .map(Admission.Reject.class::cast).toList();
        assertThat(granted).hasSize(50)
                .allSatisfy(p -> assertThat(p.reservation().store()).isEqualTo(expectedStore()));
        assertThat(rejected).hasSize(150).allSatisfy(r -> {
            assertThat(r.limit()).isEqualTo(BudgetLimit.TENANT_BUDGET);
            assertThat(r.message()).startsWith("budget.tenants.acme: spent $").contains("of $1.00 this day")
                    .contains("this request may cost up to $0.0200");
        });
        assertThat(meters.get("keel.budget.rejections").tag("limit", "tenant_budget").counter().count()).isEqualTo(150);

        // And when each call settles at its actual cost ($0.015), the ledger holds exactly that spend
        granted.forEach(p -> ledger.settle(p.reservation(), usd("0.015")));
        Reservation probe = ledger.reserve("acme", usd("0.30"));
        assertThat(probe.granted()).isFalse();
        assertThat(probe.spentUsd()).isEqualByComparingTo("0.75");
        assertThat(probe.heldUsd()).isEqualByComparingTo("0");
        assertThat(meters.get("keel.budget.spend").tag("tenant", "acme").counter().count()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
    }
}
