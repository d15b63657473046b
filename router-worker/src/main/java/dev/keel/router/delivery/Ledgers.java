package dev.keel.router.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link PartitionLedger} of every partition this worker owns now. Not thread-safe: owned by the
 * poll thread.
 */
final class Ledgers {

    private final Map<TopicPartition, PartitionLedger> byPartition = new HashMap<>();

    PartitionLedger open(TopicPartition partition) {
        PartitionLedger ledger = new PartitionLedger(partition);
        byPartition.put(partition, ledger);
        return ledger;
    }

    PartitionLedger get(TopicPartition partition) {
        return byPartition.get(partition);
    }

    /** Whether {@code ledger} is still the current one of its partition (not revoked since). */
    boolean isCurrent(PartitionLedger ledger) {
        return ledger != null && byPartition.get(ledger.partition) == ledger;
    }

    PartitionLedger remove(TopicPartition partition) {
        return byPartition.remove(partition);
    }

    Collection<PartitionLedger> all() {
        return byPartition.values();
    }

    Set<TopicPartition> partitions() {
        return byPartition.keySet();
    }

    int inFlight() {
        int n = 0;
        for (PartitionLedger ledger : byPartition.values()) {
            n += ledger.inFlight();
        }
        return n;
    }

    int inFlight(Collection<TopicPartition> subset) {
        int n = 0;
        for (TopicPartition partition : subset) {
            PartitionLedger ledger = byPartition.get(partition);
            n += ledger == null ? 0 : ledger.inFlight();
        }
        return n;
    }

    int running(Collection<TopicPartition> subset) {
        int n = 0;
        for (TopicPartition partition : subset) {
            PartitionLedger ledger = byPartition.get(partition);
            n += ledger == null ? 0 : ledger.running();
        }
        return n;
    }

    List<Pending> takeReady() {
        List<Pending> out = new ArrayList<>();
        for (PartitionLedger ledger : byPartition.values()) {
            if (ledger.resolved()) {
                out.addAll(ledger.takeReady());
            }
        }
        return out;
    }

    Map<TopicPartition, OffsetAndMetadata> commitOffsets(boolean assumeCommitted) {
        return commitOffsets(byPartition.keySet(), assumeCommitted);
    }

    Map<TopicPartition, OffsetAndMetadata> commitOffsets(Collection<TopicPartition> subset, boolean assumeCommitted) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition partition : subset) {
            PartitionLedger ledger = byPartition.get(partition);
            if (ledger != null && ledger.resolved()) {
                ledger.commitOffsets(assumeCommitted).ifPresent(o -> out.put(partition, o));
            }
        }
        return out;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, o) -> {
            PartitionLedger ledger = byPartition.get(partition);
            if (ledger != null) {
                ledger.committed(o);
            }
        });
    }
}
