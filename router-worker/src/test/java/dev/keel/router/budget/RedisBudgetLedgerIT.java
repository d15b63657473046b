package dev.keel.router.budget;

import ch.qos.logback.classic.Level;
import dev.keel.config.BudgetConfig;
import dev.keel.config.CacheConfig;
import dev.keel.config.Secret;
import dev.keel.router.support.LogCapture;
import dev.keel.router.support.PausableTcpProxy;
import dev.keel.testbase.MutableClock;
import dev.keel.testsupport.RedisSupport;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared ledger against a real Redis ({@code REDIS_URL} or 127.0.0.1:6379). */
class RedisBudgetLedgerIT extends BudgetLedgerContract {

    /** Generous: the contract's concurrency test must not fall back on a busy 2-core machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private RedisSupport redis;

    @BeforeEach
    void connect() {
        redis = RedisSupport.connect();
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Override
    Reservation.Store expectedStore() {
        return Reservation.Store.REDIS;
    }

    @Override
    BudgetLedger create(BudgetConfig config, MutableClock clock, MeterRegistry meters) {
        return BudgetLedgers.create(config, redis.cacheConfig(Duration.ofHours(1), Duration.ofHours(1), TIMEOUT), clock, meters);
    }

    private String key(String suffix) {
        return redis.prefix() + ":budget:{acme:d2025-03-14}:" + suffix;
    }

    private double fallbacks() {
        return meters.find("keel.budget.ledger_fallbacks").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldKeepTheTenantsPeriodInThreeKeysOfOneHashSlotWhenReserving() {
        // Given
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));

        // When
        Reservation reservation = ledger.reserve("acme", usd("0.60"));

        // Then
        assertThat(reservation.store()).isEqualTo(Reservation.Store.REDIS);
        assertThat(redis.commands().hgetall(key("tot"))).containsEntry("held", "600000000").containsEntry("spent", "0");
        assertThat(redis.commands().hgetall(key("res"))).containsExactly(Map.entry(reservation.id(), "600000000"));
        assertThat(redis.commands().zscore(key("exp"), reservation.id()))
                .isEqualTo((double) clock.millis() + RESERVATION_TTL.toMillis());
        assertThat(redis.commands().pttl(key("tot"))).isGreaterThan(Duration.ofHours(12).toMillis());
        assertThat(meters.get("keel.budget.reservations").tag("outcome", "granted").tag("store", "redis").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldShareOneBudgetWhenTwoWorkersReserveForTheSameTenant() {
        // Given two workers
        BudgetLedger worker1 = ledger(Map.of("acme", perDay("1.00")));
        BudgetLedger worker2 = ledger(Map.of("acme", perDay("1.00")));

        // When
        Reservation first = worker1.reserve("acme", usd("0.60"));
        Reservation second = worker2.reserve("acme", usd("0.50"));

        // Then
        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isFalse();
        assertThat(second.heldUsd()).isEqualByComparingTo("0.60");
    }

    @Test
    void shouldRemoveAnExpiredReservationFromRedisWhenTheNextReserveRuns() {
        // Given
        BudgetLedger ledger = ledger(Map.of("acme", perDay("1.00")));
        Reservation crashed = ledger.reserve("acme", usd("0.70"));

        // When
        clock.advance(RESERVATION_TTL);
        ledger.reserve("acme", BigDecimal.ZERO);

        // Then
        assertThat(redis.commands().hexists(key("res"), crashed.id())).isFalse();
        assertThat(redis.commands().zscore(key("exp"), crashed.id())).isNull();
        assertThat(redis.commands().hget(key("tot"), "held")).isEqualTo("0");
    }

    @Test
    void shouldFallBackToTheWorkersOwnLedgerAndStillEnforceTheBudgetWhenRedisIsDown() {
        // Given a Redis URI with a password, to a port nothing listens on
        String password = "ledger-password-never-logged";
        CacheConfig down = new CacheConfig(true, Secret.of(RedisSupport.closedPortUrl(password)), null, null,
                Duration.ofMillis(50), null, redis.prefix(), Duration.ofMillis(500));
        try (LogCapture logs = new LogCapture();
             BudgetLedger ledger = BudgetLedgers.create(config(Map.of("acme", perDay("1.00"))), down, clock, meters)) {

            // When
            Reservation first = ledger.reserve("acme", usd("0.80"));
            Reservation second = ledger.reserve("acme", usd("0.30"));
            ledger.settle(first, usd("0.50"));

            // Then
            assertThat(first.store()).isEqualTo(Reservation.Store.LOCAL);
            assertThat(first.granted()).isTrue();
            assertThat(second.granted()).isFalse();
            assertThat(ledger.reserve("acme", usd("0.50")).granted()).isTrue();
            assertThat(fallbacks()).isEqualTo(3);
            assertThat(logs.count(Level.WARN, "budget ledger unavailable")).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(password);
        }
    }

    @Test
    void shouldSeedTheFallbackWithWhatRedisHadAndCatchRedisUpWhenItStallsAndRecovers() throws Exception {
        // Given a ledger that reaches Redis through a proxy we can stall, and $0.70 already spent in Redis
        RedisURI target = RedisURI.create(redis.url());
        try (PausableTcpProxy proxy = new PausableTcpProxy(target.getHost(), target.getPort())) {
            CacheConfig viaProxy = redis.cacheConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(300))
                    .withRedisUri(Secret.of("redis://127.0.0.1:" + proxy.port()));
            try (BudgetLedger ledger = BudgetLedgers.create(config(Map.of("acme", perDay("1.00"))), viaProxy, clock, meters)) {
                ledger.settle(ledger.reserve("acme", usd("0.70")), usd("0.70"));

                // When Redis stalls
                proxy.pause();
                Reservation tooMuch = ledger.reserve("acme", usd("0.50"));
                Reservation fits = ledger.reserve("acme", usd("0.20"));
                ledger.settle(fits, usd("0.20"));

                // Then the worker's own ledger knew about the $0.70
                assertThat(tooMuch.store()).isEqualTo(Reservation.Store.LOCAL);
                assertThat(tooMuch.granted()).isFalse();
                assertThat(tooMuch.spentUsd()).isEqualByComparingTo("0.70");
                assertThat(fits.granted()).isTrue();

                // And when Redis answers again, the $0.20 spent meanwhile is added there
                proxy.resume();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(ledger.reserve("acme", BigDecimal.ZERO).store()).isEqualTo(Reservation.Store.REDIS));
                assertThat(redis.commands().hget(key("tot"), "spent")).isEqualTo("900000000");
            }
        }
    }
}
