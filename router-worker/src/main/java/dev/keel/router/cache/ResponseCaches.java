package dev.keel.router.cache;

import dev.keel.config.CacheConfig;
import dev.keel.router.cache.internal.CacheMetrics;
import dev.keel.router.cache.internal.DisabledResponseCache;
import dev.keel.router.cache.internal.Freshness;
import dev.keel.router.cache.internal.InProcessResponseCache;
import dev.keel.router.redis.RedisLink;
import dev.keel.router.cache.internal.RedisResponseCache;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** Builds the response cache the configuration asks for. */
public final class ResponseCaches {

    private ResponseCaches() {
    }

    /**
     * Redis when {@code cache.redis-uri} is set (one connect attempt, bounded by {@code connect-timeout}; if
     * Redis is down the cache starts anyway and serves misses until it is back), in-process otherwise, and a
     * cache that never hits when {@code cache.enabled} is false. The caller closes it at shutdown.
     */
    public static ResponseCache create(CacheConfig config, Clock clock, MeterRegistry meters) {
        if (!config.enabled()) {
            return new DisabledResponseCache();
        }
        Freshness freshness = new Freshness(config.ttl(), config.staleWindow());
        if (!config.usesRedis()) {
            return new InProcessResponseCache(freshness, config.maxEntries(), clock, new CacheMetrics(meters, "memory"));
        }
        RedisLink link = RedisLink.open("cache", config.redisUri(), config.timeout(), config.connectTimeout(), clock);
        return new RedisResponseCache(link, config.keyPrefix(), freshness, clock, new CacheMetrics(meters, "redis"));
    }
}
