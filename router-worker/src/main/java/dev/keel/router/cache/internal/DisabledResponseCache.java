package dev.keel.router.cache.internal;

import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheStats;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ResponseCache;

/** {@code cache.enabled: false}: every lookup misses, nothing is kept, nothing is counted. */
public final class DisabledResponseCache implements ResponseCache {

    @Override
    public Lookup get(CacheKey key) {
        return Lookup.MISS;
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
        // nothing is kept
    }

    @Override
    public void recordStaleServe(CacheKey key) {
        // nothing can be stale
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        // nothing held
    }
}
