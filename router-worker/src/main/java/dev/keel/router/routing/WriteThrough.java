package dev.keel.router.routing;

import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.Admission;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.ResponseCache;

import java.time.Clock;

/**
 * Stage: the write-through. A provider's answer is stored under the key of exactly the shape it was asked (also for
 * {@code cache: BYPASS}, which skips the read, not the write), and kept on the trip for the identical requests
 * waiting on it when that key is theirs (a degraded answer is not shared). Thread-safe.
 */
final class WriteThrough {

    private final ResponseCache cache;
    private final AnswerKeys keys;
    private final Clock clock;

    WriteThrough(ResponseCache cache, AnswerKeys keys, Clock clock) {
        this.cache = cache;
        this.keys = keys;
        this.clock = clock;
    }

    void store(RouteState trip, String provider, Admission.Proceed proceed, ProviderReply reply) {
        CacheKey key = keys.admitted(trip.request, trip.asAsked, proceed);
        CachedResponse answer = CachedResponse.of(provider, reply, clock.millis());
        cache.put(key, answer);
        if (key.equals(trip.requestKey)) {
            trip.shared = answer;
        }
    }
}
