package dev.keel.router.routing;

import dev.keel.router.budget.Admission;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CachedResponse;
import dev.keel.schemas.Attempt;

import java.util.ArrayList;
import java.util.List;

/**
 * What one request's trip along its route has gathered so far: the attempts (for the result), the first
 * budget rejection, whether a provider was called or skipped, every cache key its answer may live under (for
 * travel mode), and the answer to share with identical requests waiting on it. Confined to the request's thread.
 */
final class RouteState {

    final List<Attempt> attempts = new ArrayList<>();
    final List<CacheKey> knownKeys;
    final CacheKey requestKey;
    Admission.Reject firstRejection;
    boolean providerTried;
    CachedResponse shared;

    RouteState(CacheKey requestKey, List<CacheKey> knownKeys) {
        this.requestKey = requestKey;
        this.knownKeys = new ArrayList<>(knownKeys);
    }

    void reject(Admission.Reject reject) {
        firstRejection = firstRejection == null ? reject : firstRejection;
    }
}
