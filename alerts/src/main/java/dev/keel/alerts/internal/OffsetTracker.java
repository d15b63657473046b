package dev.keel.alerts.internal;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The committed prefix: per partition, records in offset order; the offset to commit is the one after
 * the longest run of finished records from the start. A record finished out of order waits for the
 * ones before it. Owned by the consumer thread.
 */
final class OffsetTracker {

    private final Map<TopicPartition, ArrayDeque<PendingPage>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long finished;

    void add(PendingPage page) {
        pending.computeIfAbsent(page.partition(), p -> new ArrayDeque<>()).addLast(page);
    }

    /** Offsets that moved since the last call: the next offset to read, per partition. */
    Map<TopicPartition, OffsetAndMetadata> advance() {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        pending.forEach((partition, queue) -> {
            Long next = null;
            while (!queue.isEmpty() && queue.peekFirst().isDone()) {
                next = queue.pollFirst().offset() + 1;
                finished++;
            }
            if (next != null && !next.equals(committed.get(partition))) {
                moved.put(partition, new OffsetAndMetadata(next));
            }
        });
        return moved;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((p, o) -> committed.put(p, o.offset()));
    }

    /** Records finished (every routed sink done) since the start, in offset order per partition. */
    long finished() {
        return finished;
    }

    /** Records read but not finished. */
    int inFlight() {
        return pending.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> {
            pending.remove(p);
            committed.remove(p);
        });
    }
}
