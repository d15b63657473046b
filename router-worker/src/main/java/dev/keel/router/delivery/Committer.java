package dev.keel.router.delivery;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * How finished outcomes and offsets reach Kafka: {@link TransactionalCommitter} (exactly-once) or
 * {@link AtLeastOnceCommitter}. Every method runs on the poll thread, the only thread that touches the
 * consumer (and, under exactly-once, the transactional producer), so no send ever races a commit.
 * A {@link FatalDeliveryException} means the worker cannot deliver anything and must leave the group.
 */
interface Committer extends AutoCloseable {

    /**
     * Before the worker joins the group: get ready to publish (under exactly-once, initialise the
     * transactional producer), retrying while {@code keepTrying} says so, so a worker never takes
     * partitions it could not commit for. Returns false when it stopped trying.
     */
    default boolean prepare(java.util.function.BooleanSupplier keepTrying) {
        return true;
    }

    /** An outcome became READY. */
    void ready(Pending pending);

    /** Called every loop; publishes and commits when due (at most every {@code commit-interval}). */
    void cycle(Ledgers ledgers, boolean force);

    /** Before these partitions go: commit what is done for them (and whatever else is ready). */
    void beforeRevoke(Ledgers ledgers, Collection<TopicPartition> partitions);

    /** Milliseconds until the next cycle wants to run (0: now); the poll loop waits at most that long. */
    long millisUntilDue(Ledgers ledgers);

    @Override
    void close();

    /** The worker cannot publish at all. */
    final class FatalDeliveryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
