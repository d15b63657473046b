package dev.keel.router.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Exactly-once delivery: every {@code commit-interval} one Kafka transaction carries the READY outcomes
 * (results, {@code reply_to} copies, DLQ entries) and the consumed offsets with the done-beyond-prefix
 * map ({@link DoneOffsetsCodec}), sent with {@code sendOffsetsToTransaction(offsets, groupMetadata())}
 * so a worker that lost its partitions (a zombie) is fenced by the group generation (KIP-447).
 *
 * <p>Threading: the poll thread runs the whole cycle (begin, sends, offsets, commit), so no send ever
 * races {@code commitTransaction} and the consumer's group metadata is read on its own thread.
 *
 * <p>Failures: a send Kafka refuses counts against that outcome (bounded, then its fallback); any other
 * failure aborts the transaction and the outcomes wait for the next one, with a growing pause, while
 * the worker reports itself degraded. When the fate of a transaction is unknown (the commit timed out,
 * the abort failed, the producer was fenced after a timed-out transaction) the producer is replaced
 * ({@code initTransactions} finishes or aborts the old transaction) and the group's committed offsets
 * say which outcomes made it. Repeated fencing means another worker uses this transactional id: fatal.
 */
final class TransactionalCommitter implements Committer {

    private static final Logger LOGGER = LoggerFactory.getLogger(TransactionalCommitter.class);
    static final int MAX_REFUSALS = 3;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration RECONCILE_TIMEOUT = Duration.ofSeconds(10);
    private static final int FENCES_BEFORE_FATAL = 3;
    private static final Duration SLOW_CYCLE = Duration.ofSeconds(1);
    private static final long FENCE_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Consumer<byte[], byte[]> consumer;
    private final Duration interval;
    private final WorkerHealth health;
    private final Timer commits;
    private final Counter aborts;
    private final ArrayDeque<Long> fences = new ArrayDeque<>();
    private Producer<byte[], byte[]> producer;
    private boolean reconcile;
    private long lastCycleNanos = System.nanoTime();
    private long retryAtNanos;
    private Duration backoff = MIN_BACKOFF;
    private long committedOnce;

    TransactionalCommitter(Supplier<Producer<byte[], byte[]>> producers, Consumer<byte[], byte[]> consumer, Duration interval,
                           WorkerHealth health, MeterRegistry meters) {
        this.producers = producers;
        this.consumer = consumer;
        this.interval = interval;
        this.health = health;
        this.commits = Timer.builder("keel.worker.transactions").description("Result transactions committed")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.aborts = Counter.builder("keel.worker.transactions.aborted").description("Result transactions aborted or lost")
                .register(meters);
    }

    @Override
    public boolean prepare(java.util.function.BooleanSupplier keepTrying) {
        while (keepTrying.getAsBoolean()) {
            if (readyToSend(new Ledgers())) {
                return true;
            }
            try {
                // Before the worker joins its group (nothing is assigned, no heartbeat to keep): wait out the
                // backoff of a failed initTransactions instead of hammering a broker that refused it.
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(retryAtNanos - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void ready(Pending pending) {
        // Waits for the next transaction.
    }

    @Override
    public long millisUntilDue(Ledgers ledgers) {
        long now = System.nanoTime();
        long due = Math.max(lastCycleNanos + interval.toNanos(), retryAtNanos);
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - now));
    }

    @Override
    public void cycle(Ledgers ledgers, boolean force) {
        long now = System.nanoTime();
        if (now < retryAtNanos || !force && now - lastCycleNanos < interval.toNanos()) {
            return;
        }
        lastCycleNanos = now;
        if (!readyToSend(ledgers)) {
            return;
        }
        List<Pending> batch = ledgers.takeReady();
        Map<TopicPartition, OffsetAndMetadata> offsets = ledgers.commitOffsets(true);
        if (batch.isEmpty() && offsets.isEmpty()) {
            return;
        }
        Map<Pending, Throwable> refused = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try {
            producer.beginTransaction();
            for (Pending pending : batch) {
                for (ProducerRecord<byte[], byte[]> record : pending.current().records()) {
                    send(pending, record, refused, failure);
                }
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            producer.flush();
            if (failure.get() != null) {
                throw new AbortedCycle(failure.get());
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof AbortedCycle aborted ? aborted.getCause() : e;
            failed(ledgers, batch, refused, cause, e instanceof AbortedCycle || !(e instanceof org.apache.kafka.common.errors.TimeoutException));
            return;
        }
        long tookNanos = System.nanoTime() - started;
        commits.record(tookNanos, TimeUnit.NANOSECONDS);
        if (tookNanos > SLOW_CYCLE.toNanos()) {
            LOGGER.warn("Slow result transaction took_ms={} outcomes={} partitions={}", TimeUnit.NANOSECONDS.toMillis(tookNanos),
                    batch.size(), offsets.size());
        }
        if (committedOnce++ == 0) {
            LOGGER.info("First result transaction committed outcomes={} partitions={}", batch.size(), offsets.size());
        }
        for (Pending pending : batch) {
            pending.ledger.done(pending.offset);
            pending.settle(true);
        }
        ledgers.committed(offsets);
        backoff = MIN_BACKOFF;
        health.ok();
    }

    @Override
    public void beforeRevoke(Ledgers ledgers, Collection<TopicPartition> partitions) {
        cycle(ledgers, true);
    }

    private void send(Pending pending, ProducerRecord<byte[], byte[]> record, Map<Pending, Throwable> refused,
                      AtomicReference<Throwable> failure) {
        try {
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                    if (PublishErrors.isRefusal(error)) {
                        refused.putIfAbsent(pending, error);
                    }
                }
            });
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            if (PublishErrors.isRefusal(e)) {
                refused.putIfAbsent(pending, e);
            }
        }
    }

    /** Producer initialised and no transaction of unknown fate left; false: not yet, try later. */
    private boolean readyToSend(Ledgers ledgers) {
        if (producer == null) {
            Producer<byte[], byte[]> fresh = null;
            try {
                fresh = producers.get();
                fresh.initTransactions();
                producer = fresh;
            } catch (RuntimeException e) {
                closeQuietly(fresh);
                if (PublishErrors.isFatal(e)) {
                    throw new Committer.FatalDeliveryException("cannot start a transactional producer: " + PublishErrors.describe(e), e);
                }
                pause("cannot start the transactional producer: " + PublishErrors.describe(e));
                return false;
            }
        }
        if (reconcile) {
            Set<TopicPartition> partitions = new HashSet<>(ledgers.partitions());
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, RECONCILE_TIMEOUT);
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata o = committed.get(partition);
                    PartitionLedger ledger = ledgers.get(partition);
                    if (ledger == null) {
                        continue;
                    }
                    NavigableSet<Long> done = o == null ? new TreeSet<>()
                            : DoneOffsetsCodec.decode(o.offset(), o.metadata()).orElseGet(TreeSet::new);
                    ledger.reconcile(o == null ? -1 : o.offset(), done).forEach(p -> p.settle(true));
                }
                reconcile = false;
            } catch (RuntimeException e) {
                pause("cannot read the committed offsets after a lost transaction: " + PublishErrors.describe(e));
                return false;
            }
        }
        return true;
    }

    private void failed(Ledgers ledgers, List<Pending> batch, Map<Pending, Throwable> refused, Throwable cause, boolean abortable) {
        aborts.increment();
        if (PublishErrors.isFatal(cause)) {
            throw new Committer.FatalDeliveryException("cannot publish results: " + PublishErrors.describe(cause), cause);
        }
        boolean fenced = cause instanceof ProducerFencedException || cause.getCause() instanceof ProducerFencedException;
        if (fenced) {
            noteFence();
        }
        boolean aborted = false;
        if (abortable && !fenced) {
            try {
                producer.abortTransaction();
                aborted = true;
            } catch (RuntimeException e) {
                LOGGER.debug("Abort failed, replacing the producer: {}", e.toString());
            }
        }
        if (!aborted) {
            // The fate of this transaction is unknown: a new producer settles it, the group's offsets tell.
            closeQuietly(producer);
            producer = null;
            reconcile = true;
        }
        for (Pending pending : batch) {
            Throwable refusal = refused.get(pending);
            if (refusal != null && !pending.refused(MAX_REFUSALS)) {
                throw new Committer.FatalDeliveryException("Kafka refuses even the fallback of request "
                        + pending.current().requestId() + ": " + PublishErrors.describe(refusal), refusal);
            }
            if (!reconcile) {
                pending.ledger.backToReady(pending);
            }
        }
        if (cause instanceof org.apache.kafka.clients.consumer.CommitFailedException
                || cause instanceof org.apache.kafka.common.errors.RebalanceInProgressException) {
            // The group is rebalancing: the next poll rejoins it; retry with the new generation, or the
            // partitions go to their new owner, which redoes what this transaction carried.
            LOGGER.info("Transaction aborted while the group rebalances: {}", PublishErrors.describe(cause));
            retryAtNanos = System.nanoTime() + MIN_BACKOFF.toNanos();
            return;
        }
        if (!refused.isEmpty()) {
            LOGGER.warn("Transaction aborted: {} outcome(s) refused by Kafka, retrying (then their fallback): {}",
                    refused.size(), PublishErrors.describe(refused.values().iterator().next()));
            retryAtNanos = 0;
            return;
        }
        pause("publishing results failed: " + PublishErrors.describe(cause));
    }

    private void noteFence() {
        long now = System.nanoTime();
        fences.addLast(now);
        while (!fences.isEmpty() && now - fences.peekFirst() > FENCE_WINDOW_NANOS) {
            fences.removeFirst();
        }
        if (fences.size() >= FENCES_BEFORE_FATAL) {
            throw new Committer.FatalDeliveryException("the transactional producer was fenced " + fences.size()
                    + " times within a minute: another worker runs with this worker's id", null);
        }
    }

    private void pause(String why) {
        LOGGER.warn("{}; retrying in {} ms", why, backoff.toMillis());
        health.degraded(why);
        retryAtNanos = System.nanoTime() + backoff.toNanos();
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private static void closeQuietly(Producer<byte[], byte[]> p) {
        if (p == null) {
            return;
        }
        try {
            p.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOGGER.debug("Producer close failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closeQuietly(producer);
        producer = null;
    }

    private static final class AbortedCycle extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AbortedCycle(Throwable cause) {
            super(cause);
        }
    }
}
