package dev.keel.router.routing;

import dev.keel.router.budget.Admission;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheMode;
import dev.keel.schemas.PromptRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * One request's trip along its route: what it is (request, context, deadline, whether it may read the cache) and
 * what the stages gathered so far: the attempts (for the result), the providers skipped in cooldown, the first
 * budget rejection, whether a provider was called, every cache key its answer may live under (for travel mode),
 * and the answer to share with identical requests waiting on it. Confined to the request's thread.
 */
final class RouteState {

    final PromptRequest request;
    final RequestContext context;
    final long deadlineMs;
    final boolean readCache;
    final CacheKeys.AsAsked asAsked;
    final CacheKey requestKey;
    final CacheKey cheaperKey;
    final List<Attempt> attempts = new ArrayList<>();
    final List<String> cooling = new ArrayList<>();
    final List<CacheKey> knownKeys = new ArrayList<>();
    Admission.Reject firstRejection;
    boolean providerTried;
    CachedResponse shared;

    /**
     * @param asAsked the request as asked, at the standard model (its {@code requestKey}: what identical requests
     *                share) and at the cheaper model ({@code cheaperKey})
     */
    RouteState(PromptRequest request, RequestContext context, CacheKeys.AsAsked asAsked) {
        this.request = request;
        this.context = context;
        this.deadlineMs = Deadline.of(request);
        this.readCache = request.getCache() != CacheMode.BYPASS;
        this.asAsked = asAsked;
        this.requestKey = asAsked.standard();
        this.cheaperKey = asAsked.cheaper();
        knownKeys.add(requestKey);
        knownKeys.add(cheaperKey);
    }

    void reject(Admission.Reject reject) {
        firstRejection = firstRejection == null ? reject : firstRejection;
    }

    /** A provider is about to be called with a shape whose answer lives under {@code key}: travel mode looks there first. */
    void calling(CacheKey key) {
        providerTried = true;
        if (!knownKeys.contains(key)) {
            knownKeys.addFirst(key);
        }
    }
}
