package dev.keel.router.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request ids this worker answered recently, and those it is answering now, to suppress duplicates
 * (a producer that retried, a record redelivered after a rebalance to the same worker). Bounded: the
 * oldest ids fall out. A worker that crashed forgets everything, so duplicates after a crash are
 * possible and carry the same {@code request_id}. Thread-safe.
 */
public final class RecentRequests {

    public static final int DEFAULT_CAPACITY = 100_000;

    private final Map<String, Boolean> answered;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    public RecentRequests(int capacity) {
        this.answered = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Claims an id; false when it was answered recently or is being answered now. */
    public boolean claim(String requestId) {
        synchronized (answered) {
            if (answered.containsKey(requestId)) {
                return false;
            }
        }
        return inProgress.add(requestId);
    }

    /** Releases a claim; {@code answered} records that a result was published. */
    public void release(String requestId, boolean answeredNow) {
        if (answeredNow) {
            synchronized (answered) {
                answered.put(requestId, Boolean.TRUE);
            }
        }
        inProgress.remove(requestId);
    }
}
