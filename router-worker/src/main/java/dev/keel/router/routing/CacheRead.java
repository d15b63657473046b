package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.SingleFlight;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptResult;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stage: the cache read. Before any provider is called ({@link #lookup}), a fresh answer to the request's key serves
 * it ({@code cache: HIT}, cost 0); otherwise the request joins its key's single flight: it waits for an identical
 * request already in flight on this worker, or leads it and shares its answer when its {@link Miss} closes. Later,
 * an answer under any of the request's keys, fresh or stale, can still serve it: when the budget allows only a
 * cached answer ({@link #forBudget}) and in travel mode ({@link #anyAnswer}). {@code cache: BYPASS} skips every
 * read here (not the write-through). Thread-safe.
 */
final class CacheRead {

    /** What the lookup made of a request. */
    sealed interface Outcome permits Hit, Miss {
    }

    /** Served from the cache, or by the answer of an identical request in flight. */
    record Hit(PromptResult result) implements Outcome {
    }

    /**
     * No answer: route the request. When it leads its key's single flight, closing this hands the route's answer
     * (the trip's {@code shared}, or none) to the identical requests waiting.
     */
    static final class Miss implements Outcome, AutoCloseable {
        private final SingleFlight.Leader leader;
        private final RouteState trip;

        private Miss(SingleFlight.Leader leader, RouteState trip) {
            this.leader = leader;
            this.trip = trip;
        }

        @Override
        public void close() {
            if (leader != null) {
                leader.finish(trip.shared);
            }
        }
    }

    private final ResponseCache cache;
    private final SingleFlight flights;
    private final Duration totalTimeout;
    private final Clock clock;

    /** @param totalTimeout a follower waits at most twice this (or until the request's deadline) for its leader */
    CacheRead(ResponseCache cache, SingleFlight flights, Duration totalTimeout, Clock clock) {
        this.cache = cache;
        this.flights = flights;
        this.totalTimeout = totalTimeout;
        this.clock = clock;
    }

    Outcome lookup(RouteState trip) throws InterruptedException {
        if (!trip.readCache) {
            return new Miss(null, trip);
        }
        if (cache.get(trip.requestKey) instanceof Lookup.Fresh fresh) {
            return hit(trip, fresh.response());
        }
        switch (flights.join(trip.requestKey)) {
            case SingleFlight.Follower follower -> {
                long waitMs = Math.min(trip.deadlineMs - clock.millis(), totalTimeout.toMillis() * 2);
                CachedResponse shared = follower.await(Duration.ofMillis(waitMs));
                return shared != null ? hit(trip, shared) : new Miss(null, trip);
            }
            case SingleFlight.Leader leader -> {
                // An identical request may have finished between the lookup above and the join.
                if (cache.get(trip.requestKey) instanceof Lookup.Fresh fresh) {
                    leader.finish(fresh.response());
                    return hit(trip, fresh.response());
                }
                return new Miss(leader, trip);
            }
        }
    }

    /**
     * The budget allows no call but a cached answer ({@code cached-response}): the request as asked, at the standard
     * model or, when {@code provider} has one, its cheaper model; fresh or stale.
     */
    Optional<PromptResult> forBudget(RouteState trip, ProviderConfig provider, List<Degradation> degradations) {
        List<CacheKey> keys = provider.cheaperModel() == null ? List.of(trip.requestKey) : List.of(trip.requestKey, trip.cheaperKey);
        return firstAnswer(trip, keys, degradations);
    }

    /** Travel mode: every provider failed; an answer under any key the request's answer may live under. */
    Optional<PromptResult> anyAnswer(RouteState trip) {
        return firstAnswer(trip, trip.knownKeys, List.of());
    }

    /** The first cached answer among {@code keys}, fresh (HIT) or stale (STALE, counted), with the trip's attempts. */
    private Optional<PromptResult> firstAnswer(RouteState trip, List<CacheKey> keys, List<Degradation> degradations) {
        if (!trip.readCache) {
            return Optional.empty();
        }
        for (CacheKey key : keys) {
            Lookup lookup = cache.get(key);
            if (lookup instanceof Lookup.Fresh fresh) {
                return Optional.of(answer(trip, fresh.response(), false, degradations));
            }
            if (lookup instanceof Lookup.Stale stale) {
                cache.recordStaleServe(key);
                return Optional.of(answer(trip, stale.response(), true, degradations));
            }
        }
        return Optional.empty();
    }

    private Hit hit(RouteState trip, CachedResponse response) {
        return new Hit(Results.fromCache(trip.request, trip.context, clock.millis(), response, false, List.of()));
    }

    private PromptResult answer(RouteState trip, CachedResponse response, boolean stale, List<Degradation> degradations) {
        PromptResult result = Results.fromCache(trip.request, trip.context, clock.millis(), response, stale, degradations);
        return Results.withAttempts(result, trip.attempts);
    }
}
