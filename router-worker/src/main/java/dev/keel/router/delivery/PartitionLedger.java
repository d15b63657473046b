package dev.keel.router.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every offset of one assigned partition that is not done yet, and the done ones beyond the
 * committed prefix. An offset is RUNNING (its handler works), READY (its outcome waits for the next
 * commit), COMMITTING (in a transaction being committed) or done (its outcome is in Kafka). The
 * commit point is the first offset not done; the done ones after it travel in the commit metadata
 * ({@link DoneOffsetsCodec}).
 *
 * <p>One ledger per assignment: a partition revoked and assigned again gets a new one, so a late event
 * about the old assignment is recognised as stale. Not thread-safe: owned by the poll thread.
 */
final class PartitionLedger {

    enum State { RUNNING, READY, COMMITTING }

    static final class Slot {
        State state = State.RUNNING;
        final HandlerTask task;
        Pending pending;

        Slot(HandlerTask task) {
            this.task = task;
        }
    }

    final TopicPartition partition;
    private final NavigableMap<Long, Slot> open = new TreeMap<>();
    private final NavigableSet<Long> doneBeyond = new TreeSet<>();
    private NavigableSet<Long> knownDone = new TreeSet<>();
    private long highestSeen = -1;
    private long base = -1;
    private boolean resolved;
    private OffsetAndMetadata lastCommitted;

    PartitionLedger(TopicPartition partition) {
        this.partition = partition;
    }

    /** Where the previous owner left off: its committed offset and the done offsets beyond it. */
    void resolve(long committedOffset, NavigableSet<Long> doneBeyondCommitted) {
        base = committedOffset;
        knownDone = new TreeSet<>(doneBeyondCommitted);
        resolved = true;
    }

    void resolveUncommitted() {
        resolved = true;
    }

    boolean resolved() {
        return resolved;
    }

    /** True once for an offset the previous owner finished: skip it, it is done. */
    boolean takeKnownDone(long offset) {
        if (knownDone.remove(offset)) {
            seen(offset);
            doneBeyond.add(offset);
            prune();
            return true;
        }
        return false;
    }

    boolean isOpen(long offset) {
        return open.containsKey(offset);
    }

    boolean isBehindCommitPoint(long offset) {
        return offset < base || doneBeyond.contains(offset);
    }

    void started(long offset, HandlerTask task) {
        open.put(offset, new Slot(task));
        seen(offset);
    }

    Slot slot(long offset) {
        return open.get(offset);
    }

    void ready(long offset, Pending pending) {
        Slot slot = Objects.requireNonNull(open.get(offset));
        slot.state = State.READY;
        slot.pending = pending;
    }

    /** The outcome of {@code offset} is in Kafka (or there was none to publish). */
    void done(long offset) {
        open.remove(offset);
        doneBeyond.add(offset);
        prune();
    }

    /** READY outcomes that fit the metadata span, now COMMITTING. */
    List<Pending> takeReady() {
        long limit = commitPoint(false) + DoneOffsetsCodec.MAX_SPAN;
        List<Pending> out = new ArrayList<>();
        for (Map.Entry<Long, Slot> e : open.headMap(limit, true).entrySet()) {
            if (e.getValue().state == State.READY) {
                e.getValue().state = State.COMMITTING;
                out.add(e.getValue().pending);
            }
        }
        return out;
    }

    /** A transaction failed: its outcomes wait for the next one. */
    void backToReady(Pending pending) {
        Slot slot = open.get(pending.offset);
        if (slot != null && slot.pending == pending) {
            slot.state = State.READY;
        }
    }

    int inFlight() {
        return open.size();
    }

    int running() {
        int n = 0;
        for (Slot slot : open.values()) {
            n += slot.state == State.RUNNING ? 1 : 0;
        }
        return n;
    }

    /** Offsets between the commit point and the highest one seen: bounded so the metadata stays small. */
    long span() {
        return highestSeen < 0 ? 0 : highestSeen + 1 - commitPoint(false);
    }

    /**
     * The offset to commit, and the done offsets after it, if they changed since the last commit.
     * {@code assumeCommitted}: as if the COMMITTING outcomes were done (the offsets of their transaction).
     */
    Optional<OffsetAndMetadata> commitOffsets(boolean assumeCommitted) {
        if (highestSeen < 0 && base < 0) {
            return Optional.empty();
        }
        long point = commitPoint(assumeCommitted);
        NavigableSet<Long> done = new TreeSet<>(doneBeyond.tailSet(point, false));
        if (assumeCommitted) {
            for (Map.Entry<Long, Slot> e : open.tailMap(point, false).entrySet()) {
                if (e.getValue().state == State.COMMITTING) {
                    done.add(e.getKey());
                }
            }
        }
        OffsetAndMetadata next = new OffsetAndMetadata(point, DoneOffsetsCodec.encode(point, done));
        return next.equals(lastCommitted) ? Optional.empty() : Optional.of(next);
    }

    void committed(OffsetAndMetadata offsets) {
        lastCommitted = offsets;
    }

    /**
     * After a transaction whose fate is unknown: the group's committed offsets say which COMMITTING
     * outcomes made it. Returns those (now done); the others are READY again.
     */
    List<Pending> reconcile(long committedOffset, NavigableSet<Long> doneBeyondCommitted) {
        List<Pending> delivered = new ArrayList<>();
        for (Map.Entry<Long, Slot> e : List.copyOf(open.entrySet())) {
            Slot slot = e.getValue();
            if (slot.state != State.COMMITTING) {
                continue;
            }
            if (e.getKey() < committedOffset || doneBeyondCommitted.contains(e.getKey())) {
                delivered.add(slot.pending);
                done(e.getKey());
            } else {
                slot.state = State.READY;
            }
        }
        lastCommitted = committedOffset < 0 ? null : new OffsetAndMetadata(committedOffset, DoneOffsetsCodec.encode(committedOffset,
                new TreeSet<>(doneBeyondCommitted.tailSet(committedOffset, false))));
        return delivered;
    }

    /** Everything still open, for a partition this worker gives up. */
    List<Slot> release() {
        List<Slot> slots = new ArrayList<>(open.values());
        open.clear();
        return slots;
    }

    private long commitPoint(boolean assumeCommitted) {
        for (Map.Entry<Long, Slot> e : open.entrySet()) {
            if (!(assumeCommitted && e.getValue().state == State.COMMITTING)) {
                return e.getKey();
            }
        }
        return highestSeen < 0 ? base : Math.max(base, highestSeen + 1);
    }

    private void seen(long offset) {
        highestSeen = Math.max(highestSeen, offset);
    }

    private void prune() {
        long point = commitPoint(false);
        doneBeyond.headSet(point, false).clear();
    }
}
