package dev.keel.router.budget.internal;

import dev.keel.router.redis.KeySegments;
import dev.keel.router.redis.LuaScript;
import dev.keel.router.redis.RedisLink;
import dev.keel.router.redis.RedisUnavailableException;

import java.time.Duration;
import java.time.Instant;

/**
 * The shared ledger in Redis. Per tenant and period, three keys in one hash slot:
 * <pre>
 *   &lt;prefix&gt;:budget:{&lt;tenant&gt;:&lt;period&gt;}:tot   hash  spent, held      (nano-dollars)
 *   &lt;prefix&gt;:budget:{&lt;tenant&gt;:&lt;period&gt;}:res   hash  reservation id → amount
 *   &lt;prefix&gt;:budget:{&lt;tenant&gt;:&lt;period&gt;}:exp   zset  reservation id by expiry (epoch ms)
 * </pre>
 * {@code reserve.lua} first releases expired reservations, then holds the amount only if
 * spent + held + amount ≤ limit; {@code settle.lua} releases one reservation and adds the actual cost. Both
 * run atomically in Redis, which is what keeps a burst of concurrent requests from overshooting. Keys
 * expire a week after their period ends. Every call throws {@link RedisUnavailableException} when Redis
 * does not answer in time; {@link SharedLedgerStore} turns that into the fallback. Thread-safe.
 */
public final class RedisLedgerStore implements AutoCloseable {

    /** How long a closed period's totals stay readable in Redis. */
    public static final Duration RETENTION = Duration.ofDays(7);

    private static final LuaScript RESERVE = LuaScript.load(RedisLedgerStore.class, "reserve.lua");
    private static final LuaScript SETTLE = LuaScript.load(RedisLedgerStore.class, "settle.lua");

    private final RedisLink link;
    private final String keyPrefix;
    private final Duration reservationTtl;

    public RedisLedgerStore(RedisLink link, String keyPrefix, Duration reservationTtl) {
        this.link = link;
        this.keyPrefix = keyPrefix;
        this.reservationTtl = reservationTtl;
    }

    /** Spent and held as Redis saw them; {@code ok} is granted (reserve) or released (settle). */
    public record Reply(boolean ok, long spentNanos, long heldNanos) {
    }

    public Reply reserve(Account account, String reservationId, long amountNanos, long limitNanos, long nowMs) {
        long[] r = RESERVE.run(link, keys(account.tenantId(), account.periodId()),
                Long.toString(nowMs), reservationId, Long.toString(amountNanos), Long.toString(limitNanos),
                Long.toString(nowMs + reservationTtl.toMillis()), Long.toString(keyTtlMs(account.periodEnd(), nowMs)));
        return new Reply(r[0] == 1, r[1], r[2]);
    }

    /** @param reservationId empty to only add spend (a settle made while Redis was away) */
    public Reply settle(String tenantId, String periodId, String reservationId, long actualNanos, long nowMs) {
        long[] r = SETTLE.run(link, keys(tenantId, periodId), Long.toString(nowMs), reservationId,
                Long.toString(actualNanos), Long.toString(keyTtlMs(BudgetPeriods.periodEnd(periodId), nowMs)));
        return new Reply(r[0] == 1, r[1], r[2]);
    }

    public String[] keys(String tenantId, String periodId) {
        String base = keyPrefix + ":budget:{" + KeySegments.tenant(tenantId) + ":" + periodId + "}:";
        return new String[] {base + "tot", base + "res", base + "exp"};
    }

    private long keyTtlMs(Instant periodEnd, long nowMs) {
        return Math.max(periodEnd.toEpochMilli() - nowMs, 0) + reservationTtl.toMillis() + RETENTION.toMillis();
    }

    public String endpoint() {
        return link.endpoint();
    }

    @Override
    public void close() {
        link.close();
    }
}
