package dev.keel.router.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request ids this worker delivered recently, and those it is answering now, so a second record with
 * the same id (a client that sent it twice) is not processed twice. A second copy of an id that is
 * being answered waits for the first copy's outcome to be settled before it counts as done; "delivered"
 * is recorded only once the result is committed to Kafka. Bounded: the oldest delivered ids fall out.
 * A restarted worker remembers nothing; the commit metadata covers what it must not redo. Thread-safe.
 */
public final class RecentRequests {

    public static final int DEFAULT_CAPACITY = 100_000;

    /** What {@link #claim} found. */
    public sealed interface Claim {
        /** The caller answers this id and must {@link #settle} it. */
        record Claimed() implements Claim {
        }

        /** Answered recently by this worker. */
        record Delivered() implements Claim {
        }

        /** Being answered now; completes when that copy is settled. */
        record Running(CompletableFuture<Void> firstCopy) implements Claim {
        }
    }

    private final Map<String, Boolean> delivered;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inProgress = new ConcurrentHashMap<>();

    public RecentRequests(int capacity) {
        this.delivered = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public Claim claim(String requestId) {
        synchronized (delivered) {
            if (delivered.containsKey(requestId)) {
                return new Claim.Delivered();
            }
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing = inProgress.putIfAbsent(requestId, mine);
        return existing == null ? new Claim.Claimed() : new Claim.Running(existing);
    }

    /** Ends a claim: {@code delivered} when its result is committed, false when it was dropped or failed. */
    public void settle(String requestId, boolean deliveredNow) {
        if (deliveredNow) {
            synchronized (delivered) {
                delivered.put(requestId, Boolean.TRUE);
            }
        }
        CompletableFuture<Void> claim = inProgress.remove(requestId);
        if (claim != null) {
            claim.complete(null);
        }
    }
}
