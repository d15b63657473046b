package dev.keel.router.cache.internal;

import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;

import java.time.Duration;

/**
 * Tells fresh from stale from gone by the age of an entry: fresh in {@code [0, ttl)}, stale in
 * {@code [ttl, ttl + staleWindow)}, gone from {@code ttl + staleWindow} on. An entry from the future
 * (written by a worker whose clock runs ahead) counts as fresh. Immutable.
 */
public record Freshness(Duration ttl, Duration staleWindow) {

    public Lookup classify(CachedResponse response, long nowMs) {
        long age = nowMs - response.storedAtEpochMs();
        if (age < ttl.toMillis()) {
            return new Lookup.Fresh(response);
        }
        if (age < retention().toMillis()) {
            return new Lookup.Stale(response);
        }
        return Lookup.MISS;
    }

    /** How long an entry is worth keeping after it was stored. */
    public Duration retention() {
        return ttl.plus(staleWindow);
    }

    /** Milliseconds the entry is still worth keeping at {@code nowMs}; zero or less: not worth writing. */
    public long remainingMs(CachedResponse response, long nowMs) {
        return response.storedAtEpochMs() + retention().toMillis() - nowMs;
    }
}
