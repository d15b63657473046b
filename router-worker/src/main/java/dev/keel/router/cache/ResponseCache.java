package dev.keel.router.cache;

/**
 * The write-through response cache. Implementations are thread-safe and shared by every request of a
 * worker; they are created by {@link ResponseCaches} and closed once at worker shutdown.
 *
 * <p>Fail-open by contract: no method throws because the backing store is down or slow. A lookup that
 * cannot finish within {@code cache.timeout} is a {@link Lookup.Miss}, counted as
 * {@code keel.cache.lookups{result=error}} and reported in a rate-limited log line.
 */
public interface ResponseCache extends AutoCloseable {

    /** Never throws; a store failure or timeout is a miss (counted, rate-limited log). */
    Lookup get(CacheKey key);

    /** Write-through after a successful call; never throws; may complete asynchronously. */
    void put(CacheKey key, CachedResponse response);

    /** The router served a {@link Lookup.Stale} answer because every provider failed: counts it. */
    void recordStaleServe(CacheKey key);

    CacheStats stats();

    /** Releases connections; idempotent. */
    @Override
    void close();
}
