package dev.keel.router.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * In-flight offsets of every assigned partition; commits only the completed prefix of each, so
 * records finished out of order never let the committed offset skip an unfinished one.
 *
 * <p>Not thread-safe: owned by the poll thread; handlers report completion through a queue.
 */
final class OffsetTracker {

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private int inFlight;

    void started(TopicPartition partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new PartitionOffsets()).started(offset);
        inFlight++;
    }

    /** Returns false when the partition is no longer tracked (revoked while the record was in flight). */
    boolean completed(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets == null) {
            return false;
        }
        int before = offsets.inFlight();
        offsets.completed(offset);
        inFlight -= before - offsets.inFlight();
        return true;
    }

    int inFlight() {
        return inFlight;
    }

    int inFlight(Collection<TopicPartition> subset) {
        int n = 0;
        for (TopicPartition partition : subset) {
            PartitionOffsets offsets = partitions.get(partition);
            n += offsets == null ? 0 : offsets.inFlight();
        }
        return n;
    }

    /** Offsets that moved since the last commit, for {@code commitSync}/{@code commitAsync}. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach((partition, offsets) ->
                offsets.committable().ifPresent(o -> out.put(partition, new OffsetAndMetadata(o))));
        return out;
    }

    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> subset) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition partition : subset) {
            PartitionOffsets offsets = partitions.get(partition);
            if (offsets != null) {
                offsets.committable().ifPresent(o -> out.put(partition, new OffsetAndMetadata(o)));
            }
        }
        return out;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, meta) -> {
            PartitionOffsets tracked = partitions.get(partition);
            if (tracked != null) {
                tracked.committed(meta.offset());
            }
        });
    }

    /** Stops tracking partitions this worker no longer owns; their in-flight records are forgotten. */
    void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionOffsets offsets = partitions.remove(partition);
            if (offsets != null) {
                inFlight -= offsets.inFlight();
            }
        }
    }
}
