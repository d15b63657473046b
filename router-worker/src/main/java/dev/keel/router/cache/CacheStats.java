package dev.keel.router.cache;

/**
 * Counts since the cache was created, for summaries such as the demo's closing table. The same numbers
 * go to Micrometer as {@code keel.cache.*}.
 */
public record CacheStats(long hits, long misses, long stale, long errors, long staleServes, long writes, long writeErrors) {

    /** Lookups of any result. */
    public long lookups() {
        return hits + misses + stale + errors;
    }

    /** Fresh hits over all lookups; 0 when nothing was looked up. */
    public double hitRate() {
        long lookups = lookups();
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
