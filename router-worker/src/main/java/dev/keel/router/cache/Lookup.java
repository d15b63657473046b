package dev.keel.router.cache;

import java.util.Objects;

/** What a cache read found. */
public sealed interface Lookup {

    /** Younger than {@code cache.ttl}: serve it as {@code cache: HIT}, cost 0, no provider call. */
    record Fresh(CachedResponse response) implements Lookup {
        public Fresh {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Past {@code cache.ttl} but within {@code cache.stale-window}: not served normally, but kept in hand
     * and served as {@code cache: STALE} when every provider fails (travel mode).
     */
    record Stale(CachedResponse response) implements Lookup {
        public Stale {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Nothing usable: no entry, an entry past the stale window, or the cache could not be read in time. */
    record Miss() implements Lookup {
    }

    Lookup MISS = new Miss();
}
