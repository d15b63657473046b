package dev.keel.router.budget.internal;

import dev.keel.router.budget.Reservation;
import dev.keel.router.internal.RateLimitedLog;
import dev.keel.router.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis ledger with the documented fail-safe: when Redis does not answer within {@code cache.timeout},
 * the request is served from this worker's in-process ledger, seeded with the last total this worker saw in
 * Redis for that tenant and period, and the fallback is counted ({@code keel.budget.ledger_fallbacks}) and
 * logged (rate-limited).
 *
 * <p>Why not refuse: a Redis blip would then reject every metered request of every worker: an outage made
 * by the guardrail itself. Why not allow without limit: a burst during the blip could spend a tenant's whole
 * budget many times over. The seeded local ledger keeps each worker within the budget as it last saw it, so
 * the worst case while Redis is away is one budget's remainder per worker, not unbounded.
 *
 * <p>Spend settled while Redis was away is kept and added to Redis at the next successful reserve, so the
 * shared total catches up. A reservation held in Redis whose settle cannot reach Redis expires there after
 * {@code reservation-ttl}; its actual cost is added later in the same way. Thread-safe.
 */
public final class SharedLedgerStore implements LedgerStore {

    private static final Logger LOGGER = LoggerFactory.getLogger(SharedLedgerStore.class);

    private final RedisLedgerStore redis;
    private final LocalLedgerStore local;
    private final BudgetMetrics metrics;
    private final RateLimitedLog failures;
    private final Map<Account.Id, Long> lastSeenTotal = new ConcurrentHashMap<>();
    private final Map<Account.Id, AtomicLong> unsynced = new ConcurrentHashMap<>();

    public SharedLedgerStore(RedisLedgerStore redis, LocalLedgerStore local, BudgetMetrics metrics, Clock clock) {
        this.redis = redis;
        this.local = local;
        this.metrics = metrics;
        this.failures = new RateLimitedLog(LOGGER, RateLimitedLog.DEFAULT_INTERVAL, clock);
    }

    @Override
    public Reservation reserve(Account account, String reservationId, BigDecimal amountUsd, long nowMs) {
        long amount = UsdNanos.ceil(amountUsd);
        long limit = UsdNanos.floor(account.budget().limitUsd());
        RedisLedgerStore.Reply reply;
        try {
            reply = redis.reserve(account, reservationId, amount, limit, nowMs);
        } catch (RedisUnavailableException e) {
            metrics.fallback("reserve");
            failures.warn("budget ledger unavailable, using this worker's ledger endpoint=" + redis.endpoint(), e);
            local.seed(account, lastSeenTotal.getOrDefault(account.id(), 0L));
            return local.reserve(account, reservationId, amountUsd, nowMs);
        }
        lastSeenTotal.put(account.id(), reply.spentNanos() + reply.heldNanos() + (reply.ok() ? amount : 0));
        syncUnsettledSpend(nowMs);
        return new Reservation(reservationId, account.tenantId(), amountUsd, reply.ok(), Reservation.Store.REDIS,
                account.period(), account.periodId(), account.limitKey(),
                UsdNanos.usd(reply.spentNanos()), UsdNanos.usd(reply.heldNanos()), account.budget().limitUsd());
    }

    @Override
    public void settle(Reservation reservation, BigDecimal actualUsd, long nowMs) {
        long actual = UsdNanos.round(actualUsd);
        if (reservation.store() == Reservation.Store.REDIS) {
            try {
                redis.settle(reservation.tenantId(), reservation.periodId(), reservation.id(), actual, nowMs);
                return;
            } catch (RedisUnavailableException e) {
                metrics.fallback("settle");
                failures.warn("budget ledger unavailable at settle, spend kept for later endpoint=" + redis.endpoint(), e);
            }
        } else {
            local.settle(reservation, actualUsd, nowMs);
        }
        if (actual > 0) {
            unsynced.computeIfAbsent(new Account.Id(reservation.tenantId(), reservation.periodId()), id -> new AtomicLong())
                    .addAndGet(actual);
        }
    }

    @Override
    public void charge(Account account, long actualNanos, long nowMs) {
        try {
            redis.settle(account.tenantId(), account.periodId(), "", actualNanos, nowMs);
            lastSeenTotal.merge(account.id(), actualNanos, Long::sum);
            syncUnsettledSpend(nowMs);
        } catch (RedisUnavailableException e) {
            metrics.fallback("charge");
            failures.warn("budget ledger unavailable at charge, spend kept for later endpoint=" + redis.endpoint(), e);
            local.charge(account, actualNanos, nowMs);
            unsynced.computeIfAbsent(account.id(), id -> new AtomicLong()).addAndGet(actualNanos);
        }
    }

    private void syncUnsettledSpend(long nowMs) {
        for (Map.Entry<Account.Id, AtomicLong> entry : unsynced.entrySet()) {
            long nanos = entry.getValue().getAndSet(0);
            if (nanos == 0) {
                continue;
            }
            try {
                redis.settle(entry.getKey().tenantId(), entry.getKey().periodId(), "", nanos, nowMs);
                LOGGER.info("budget spend made while redis was away added tenant={} period={} usd={}",
                        entry.getKey().tenantId(), entry.getKey().periodId(), UsdNanos.usd(nanos).toPlainString());
            } catch (RedisUnavailableException e) {
                entry.getValue().addAndGet(nanos);
                return;
            }
        }
    }

    /** Spend settled while Redis was away and not yet added there (tests and diagnostics). */
    public long unsyncedNanos() {
        return unsynced.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void close() {
        redis.close();
        local.close();
    }
}
