package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which partitions the poll loop fetches: all pause at {@code max-in-flight} records consumed and not
 * delivered and resume below 80% of it; the batch lane's pause at its share of the permits; a partition
 * whose previous owner's position is not read yet, or that runs {@link #PAUSE_SPAN} offsets ahead of its
 * first unfinished one (the commit metadata must stay small), waits. Poll thread only.
 */
final class Backpressure {

    static final long PAUSE_SPAN = DoneOffsetsCodec.MAX_SPAN / 2;
    private static final double RESUME_FRACTION = 0.8;

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, Lane> laneByTopic;
    private final int maxInFlight;
    private final int batchCapacity;
    private boolean saturated;

    Backpressure(Consumer<byte[], byte[]> consumer, Map<String, Lane> laneByTopic, int maxInFlight, int batchCapacity) {
        this.consumer = consumer;
        this.laneByTopic = laneByTopic;
        this.maxInFlight = maxInFlight;
        this.batchCapacity = batchCapacity;
    }

    void adjust(Ledgers ledgers, Set<TopicPartition> unresolved) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        int inFlight = ledgers.inFlight();
        if (inFlight >= maxInFlight) {
            saturated = true;
        } else if (inFlight <= maxInFlight * RESUME_FRACTION) {
            saturated = false;
        }
        Set<TopicPartition> batch = new HashSet<>();
        for (TopicPartition partition : assigned) {
            if (laneByTopic.get(partition.topic()) == Lane.BATCH) {
                batch.add(partition);
            }
        }
        boolean batchFull = ledgers.inFlight(batch) >= batchCapacity;
        Set<TopicPartition> wanted = new HashSet<>();
        for (TopicPartition partition : assigned) {
            PartitionLedger ledger = ledgers.get(partition);
            if (saturated || batchFull && batch.contains(partition) || unresolved.contains(partition)
                    || ledger != null && ledger.span() >= PAUSE_SPAN) {
                wanted.add(partition);
            }
        }
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>(wanted);
        toPause.removeAll(paused);
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(wanted);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }
}
