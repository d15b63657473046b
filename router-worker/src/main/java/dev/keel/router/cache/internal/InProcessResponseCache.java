package dev.keel.router.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheStats;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ResponseCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: a size-bounded Caffeine map per worker. Entries are kept for ttl + stale window
 * (Caffeine's expiry, driven by the injected clock) and judged fresh or stale by their
 * {@code storedAtEpochMs}, exactly like the Redis store. The {@link CacheKey} (tenant and digest) is the map
 * key, so tenants never share an entry. Maintenance runs on the calling thread: no background threads.
 * Thread-safe.
 */
public final class InProcessResponseCache implements ResponseCache {

    private static final Logger LOGGER = LoggerFactory.getLogger(InProcessResponseCache.class);

    private final Cache<CacheKey, CachedResponse> entries;
    private final Freshness freshness;
    private final Clock clock;
    private final CacheMetrics metrics;

    public InProcessResponseCache(Freshness freshness, int maxEntries, Clock clock, CacheMetrics metrics) {
        this.freshness = freshness;
        this.clock = clock;
        this.metrics = metrics;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(freshness.retention().toMillis(), TimeUnit.MILLISECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Lookup get(CacheKey key) {
        CachedResponse response = entries.getIfPresent(key);
        if (response == null) {
            metrics.miss();
            return Lookup.MISS;
        }
        Lookup lookup = freshness.classify(response, clock.millis());
        switch (lookup) {
            case Lookup.Fresh fresh -> metrics.hit();
            case Lookup.Stale stale -> metrics.stale();
            case Lookup.Miss miss -> {
                entries.invalidate(key);
                metrics.miss();
            }
        }
        return lookup;
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
        if (freshness.remainingMs(response, clock.millis()) <= 0) {
            LOGGER.debug("cache write skipped, already past the stale window key={}", key);
            return;
        }
        entries.put(key, response);
        metrics.written();
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

    /** Entries held now (for tests and diagnostics). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }
}
