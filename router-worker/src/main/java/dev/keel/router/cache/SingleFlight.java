package dev.keel.router.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Single-flight per cache key on one worker: while a request whose key missed the cache is being answered
 * (the leader), identical requests (the same {@link CacheKey}) wait for its answer instead of calling a
 * provider themselves (followers). Only a successful answer to exactly that key is shared; when the leader
 * fails, degrades, or is rejected, each follower is routed on its own (its own budget check, attempts and
 * failover), so a follower never inherits another request's failure.
 *
 * <p>Across workers there is no coordination: two workers can each lead the same key once at the same time.
 * The shared Redis cache bounds that to one call per worker per key in flight, not one per request.
 *
 * <p>Lifecycle: {@link #join} returns a {@link Leader}, which must {@link Leader#finish} exactly once (in a
 * {@code finally}), or a {@link Follower}. Thread-safe.
 */
public final class SingleFlight {

    private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedResponse>> inFlight = new ConcurrentHashMap<>();
    private final Counter coalesced;

    public SingleFlight(MeterRegistry meters) {
        this.coalesced = Counter.builder("keel.cache.coalesced")
                .description("Requests answered by an identical request's provider call in flight on this worker")
                .register(meters);
    }

    /** What {@link #join} made of the caller. */
    public sealed interface Ticket permits Leader, Follower {
    }

    /** The caller answers the key; {@link #finish} hands the answer (or null) to the followers. */
    public final class Leader implements Ticket {
        private final CacheKey key;
        private final CompletableFuture<CachedResponse> answer;

        private Leader(CacheKey key, CompletableFuture<CachedResponse> answer) {
            this.key = key;
            this.answer = answer;
        }

        /** @param shared the answer to exactly this key, or null when there is none to share */
        public void finish(CachedResponse shared) {
            answer.complete(shared);
            inFlight.remove(key, answer);
        }
    }

    /** Another request with the same key is being answered: wait for it. */
    public final class Follower implements Ticket {
        private final CompletableFuture<CachedResponse> answer;

        private Follower(CompletableFuture<CachedResponse> answer) {
            this.answer = answer;
        }

        /** The leader's answer, or null when it has none or it did not come within {@code atMost}. */
        public CachedResponse await(Duration atMost) throws InterruptedException {
            try {
                CachedResponse shared = answer.get(Math.max(0, atMost.toMillis()), TimeUnit.MILLISECONDS);
                if (shared != null) {
                    coalesced.increment();
                }
                return shared;
            } catch (TimeoutException | ExecutionException e) {
                return null;
            }
        }
    }

    public Ticket join(CacheKey key) {
        Objects.requireNonNull(key, "key");
        CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
        CompletableFuture<CachedResponse> existing = inFlight.putIfAbsent(key, mine);
        return existing == null ? new Leader(key, mine) : new Follower(existing);
    }

    /** Keys being answered right now (tests and diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }
}
