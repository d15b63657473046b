package dev.keel.router.budget;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CacheConfig;
import dev.keel.router.budget.internal.BudgetMetrics;
import dev.keel.router.budget.internal.LocalLedgerStore;
import dev.keel.router.budget.internal.MeteredBudgetLedger;
import dev.keel.router.budget.internal.RedisLedgerStore;
import dev.keel.router.budget.internal.SharedLedgerStore;
import dev.keel.router.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** Builds the budget ledger the configuration asks for. */
public final class BudgetLedgers {

    private BudgetLedgers() {
    }

    /**
     * With {@code cache.redis-uri} set: the shared ledger in Redis (whatever {@code cache.enabled} says), falling
     * back per call to this worker's in-process ledger, seeded with the last Redis totals it saw, when Redis
     * does not answer within {@code cache.timeout} (see BUDGET_AND_CACHE.md "Fail-open"). Without: the
     * in-process ledger alone, which is exact for one worker. The caller closes it at shutdown.
     */
    public static BudgetLedger create(BudgetConfig budget, CacheConfig cache, Clock clock, MeterRegistry meters) {
        BudgetMetrics metrics = new BudgetMetrics(meters, budget.tenants().keySet());
        LocalLedgerStore local = new LocalLedgerStore(budget.reservationTtl());
        if (!cache.usesRedis()) {
            return new MeteredBudgetLedger(budget, local, clock, metrics);
        }
        RedisLink link = RedisLink.open("budget-ledger", cache.redisUri(), cache.timeout(), cache.connectTimeout(), clock);
        RedisLedgerStore redis = new RedisLedgerStore(link, cache.keyPrefix(), budget.reservationTtl());
        return new MeteredBudgetLedger(budget, new SharedLedgerStore(redis, local, metrics, clock), clock, metrics);
    }
}
