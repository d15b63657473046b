package dev.keel.router.cache.internal;

import dev.keel.router.internal.RateLimitedLog;
import dev.keel.router.redis.KeySegments;
import dev.keel.router.redis.RedisLink;
import dev.keel.router.redis.RedisUnavailableException;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheStats;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ResponseCache;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The shared cache in Redis. One string per entry at {@code <prefix>:cache:<tenant>:<digest>} holding the
 * JSON of {@link CachedResponse}, with a Redis TTL of ttl + stale window counted from
 * {@code storedAtEpochMs}; freshness is judged from {@code storedAtEpochMs} on read. The tenant is both in
 * the digest and in the key namespace.
 *
 * <p>Fail-open: a read that fails or takes longer than {@code cache.timeout} is a miss
 * ({@code keel.cache.lookups{result=error}}) with a rate-limited WARN; a write is sent without waiting and
 * its failure is counted ({@code keel.cache.writes{result=error}}). Thread-safe; owns its {@link RedisLink}.
 */
public final class RedisResponseCache implements ResponseCache {

    private static final Logger LOGGER = LoggerFactory.getLogger(RedisResponseCache.class);

    private final RedisLink link;
    private final String keyPrefix;
    private final Freshness freshness;
    private final Clock clock;
    private final CacheMetrics metrics;
    private final RateLimitedLog failures;

    public RedisResponseCache(RedisLink link, String keyPrefix, Freshness freshness, Clock clock, CacheMetrics metrics) {
        this.link = link;
        this.keyPrefix = keyPrefix;
        this.freshness = freshness;
        this.clock = clock;
        this.metrics = metrics;
        this.failures = new RateLimitedLog(LOGGER, RateLimitedLog.DEFAULT_INTERVAL, clock);
    }

    /** The Redis key of an entry. */
    public String redisKey(CacheKey key) {
        return keyPrefix + ":cache:" + KeySegments.tenant(key.tenantId()) + ":" + key.digest();
    }

    @Override
    public Lookup get(CacheKey key) {
        String json;
        try {
            json = link.call(c -> c.get(redisKey(key)));
        } catch (RedisUnavailableException e) {
            metrics.error();
            failures.warn("cache read failed, serving without cache endpoint=" + link.endpoint(), e);
            return Lookup.MISS;
        }
        if (json == null) {
            metrics.miss();
            return Lookup.MISS;
        }
        Optional<CachedResponse> response = CachedResponseCodec.decode(json);
        if (response.isEmpty()) {
            metrics.error();
            failures.warn("cache entry unreadable, treated as a miss key=" + key, null);
            return Lookup.MISS;
        }
        Lookup lookup = freshness.classify(response.get(), clock.millis());
        switch (lookup) {
            case Lookup.Fresh fresh -> metrics.hit();
            case Lookup.Stale stale -> metrics.stale();
            case Lookup.Miss miss -> metrics.miss();
        }
        return lookup;
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
        long keepMs = freshness.remainingMs(response, clock.millis());
        if (keepMs <= 0) {
            LOGGER.debug("cache write skipped, already past the stale window key={}", key);
            return;
        }
        String json = CachedResponseCodec.encode(response);
        try {
            link.send(c -> c.set(redisKey(key), json, SetArgs.Builder.px(keepMs))).whenComplete((ok, error) -> {
                if (error == null) {
                    metrics.written();
                } else {
                    metrics.writeFailed();
                    failures.warn("cache write failed endpoint=" + link.endpoint(), error);
                }
            });
        } catch (RedisUnavailableException e) {
            metrics.writeFailed();
            failures.warn("cache write failed endpoint=" + link.endpoint(), e);
        }
    }

    @Override
    public void recordStaleServe(CacheKey key) {
        metrics.staleServe();
        LOGGER.info("stale answer served key={}", key);
    }

    @Override
    public CacheStats stats() {
        return metrics.stats();
    }

    @Override
    public void close() {
        link.close();
    }
}
