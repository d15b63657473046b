package dev.keel.router.delivery;

import dev.keel.router.internal.RateLimitedLog;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Partitions arriving and leaving. An assigned partition stays paused until the previous owner's
 * committed offset and done-beyond-prefix map are read (the consumer waits for a pending transaction of
 * theirs, KIP-447), then resumes there. A revoked partition gets half the shutdown grace for its running
 * records, its done outcomes are committed, and its still-running records become orphans that a
 * redelivery to this worker adopts. A lost partition (this worker was out of the group) commits nothing.
 * Poll thread only (the consumer calls the listener from {@code poll}).
 */
final class PartitionHandover implements ConsumerRebalanceListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(PartitionHandover.class);
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(5);

    private record Key(TopicPartition partition, long offset) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Ledgers ledgers;
    private final Committer committer;
    private final Duration revokeGrace;
    private final BiConsumer<Collection<TopicPartition>, Duration> awaitRunning;
    private final BooleanSupplier failed;
    private final RateLimitedLog warnings;
    private final Map<Key, HandlerTask> orphans = new HashMap<>();
    private final Set<TopicPartition> unresolved = new HashSet<>();

    PartitionHandover(Consumer<byte[], byte[]> consumer, Ledgers ledgers, Committer committer, Duration revokeGrace,
                      BiConsumer<Collection<TopicPartition>, Duration> awaitRunning, BooleanSupplier failed, RateLimitedLog warnings) {
        this.consumer = consumer;
        this.ledgers = ledgers;
        this.committer = committer;
        this.revokeGrace = revokeGrace;
        this.awaitRunning = awaitRunning;
        this.failed = failed;
        this.warnings = warnings;
    }

    Set<TopicPartition> unresolved() {
        return unresolved;
    }

    /** The running first copy of a redelivered record, now owned by the current ledger; null when there is none. */
    HandlerTask adopt(TopicPartition partition, long offset) {
        return orphans.remove(new Key(partition, offset));
    }

    /** An orphan finished without being adopted. */
    void forget(HandlerTask task) {
        orphans.remove(new Key(task.partition, task.record.offset()), task);
    }

    /** Reads where the previous owner of newly assigned partitions left off, then lets them be fetched. */
    void resolve() {
        if (unresolved.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(new HashSet<>(unresolved), COMMITTED_TIMEOUT);
        } catch (RuntimeException e) {
            warnings.warn("Cannot read the committed offsets of assigned partitions yet count=" + unresolved.size(), e);
            return;
        }
        for (TopicPartition partition : unresolved) {
            PartitionLedger ledger = ledgers.get(partition);
            OffsetAndMetadata o = committed.get(partition);
            if (ledger == null) {
                continue;
            }
            if (o == null) {
                ledger.resolveUncommitted();
                continue;
            }
            NavigableSet<Long> done = DoneOffsetsCodec.decode(o.offset(), o.metadata()).orElseGet(TreeSet::new);
            ledger.resolve(o.offset(), done);
            consumer.seek(partition, o.offset());
            if (!done.isEmpty()) {
                LOGGER.info("Resuming partition={} at offset={}: {} records beyond it are done and will be skipped",
                        partition, o.offset(), done.size());
            }
        }
        unresolved.clear();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        int running = 0;
        if (!failed.getAsBoolean()) {
            // Let the departing partitions' records finish, so their new owner has less to redo.
            awaitRunning.accept(partitions, revokeGrace);
            committer.beforeRevoke(ledgers, partitions);
            running = ledgers.running(partitions);
        }
        release(partitions);
        LOGGER.info("Partitions revoked count={} still_running={}", partitions.size(), running);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        release(partitions);
        LOGGER.warn("Partitions lost count={}; their undelivered records will be delivered again", partitions.size());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            ledgers.open(partition);
            unresolved.add(partition);
        }
        if (!partitions.isEmpty()) {
            consumer.pause(partitions);
        }
        LOGGER.info("Partitions assigned count={}", partitions.size());
    }

    /** Gives partitions up: running records become orphans (adoptable), undelivered outcomes are dropped. */
    private void release(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            unresolved.remove(partition);
            PartitionLedger ledger = ledgers.remove(partition);
            if (ledger == null) {
                continue;
            }
            for (PartitionLedger.Slot slot : ledger.release()) {
                if (slot.state == PartitionLedger.State.RUNNING) {
                    slot.task.owner = null;
                    orphans.put(new Key(partition, slot.task.record.offset()), slot.task);
                } else {
                    slot.pending.settle(false);
                }
            }
        }
    }
}
