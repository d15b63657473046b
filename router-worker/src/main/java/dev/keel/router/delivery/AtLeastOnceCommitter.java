package dev.keel.router.delivery;


import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * At-least-once delivery: each outcome is sent as soon as it is READY (idempotent producer,
 * {@code acks=all}); its offset counts as done when every record is acknowledged, and the done prefix
 * (with the done-beyond-prefix map) is committed every {@code commit-interval}. A crash republishes at
 * most what was acknowledged since the last commit, and a partition revoked mid-send may see a result
 * twice: consumers must keep the first result per {@code request_id}.
 *
 * <p>Threading: sends are started on the poll thread; acknowledgements arrive on the producer's I/O
 * thread and are handed back to the poll thread through {@code events}, which alone touches ledgers.
 */
final class AtLeastOnceCommitter implements Committer {

    private static final Logger LOGGER = LoggerFactory.getLogger(AtLeastOnceCommitter.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    /** Every record of a pending outcome was acknowledged ({@code error} null) or one failed. */
    record Sent(Pending pending, Throwable error) {
    }

    private final Producer<byte[], byte[]> producer;
    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Duration interval;
    private final WorkerHealth health;
    private final Consumer<Sent> events;
    private final ArrayDeque<Pending> retries = new ArrayDeque<>();
    private long lastCommitNanos = System.nanoTime();
    private long retryAtNanos;

    AtLeastOnceCommitter(Producer<byte[], byte[]> producer, org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                         Duration interval, WorkerHealth health, Consumer<Sent> events) {
        this.producer = producer;
        this.consumer = consumer;
        this.interval = interval;
        this.health = health;
        this.events = events;
    }

    @Override
    public void ready(Pending pending) {
        var records = pending.current().records();
        AtomicInteger left = new AtomicInteger(records.size());
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            try {
                producer.send(record, (meta, error) -> {
                    if (error != null) {
                        firstError.compareAndSet(null, error);
                    }
                    if (left.decrementAndGet() == 0) {
                        events.accept(new Sent(pending, firstError.get()));
                    }
                });
            } catch (RuntimeException e) {
                firstError.compareAndSet(null, e);
                if (left.decrementAndGet() == 0) {
                    events.accept(new Sent(pending, firstError.get()));
                }
            }
        }
    }

    /** Poll thread: an outcome's sends finished. */
    void sent(Ledgers ledgers, Sent sent) {
        Pending pending = sent.pending();
        boolean current = ledgers.isCurrent(pending.ledger);
        if (sent.error() == null) {
            if (current) {
                pending.ledger.done(pending.offset);
            }
            pending.settle(true);
            health.ok();
            return;
        }
        if (!current) {
            pending.settle(false); // the partition's new owner answers it
            return;
        }
        if (PublishErrors.isFatal(sent.error())) {
            throw new Committer.FatalDeliveryException("cannot publish results: " + PublishErrors.describe(sent.error()), sent.error());
        }
        if (PublishErrors.isRefusal(sent.error()) && !pending.refused(TransactionalCommitter.MAX_REFUSALS)) {
            throw new Committer.FatalDeliveryException("Kafka refuses even the fallback of request "
                    + pending.current().requestId() + ": " + PublishErrors.describe(sent.error()), sent.error());
        }
        String why = "publishing a result failed: " + PublishErrors.describe(sent.error());
        LOGGER.warn("{}; retrying request_id={}", why, pending.current().requestId());
        health.degraded(why);
        retries.addLast(pending);
        retryAtNanos = System.nanoTime() + RETRY_PAUSE.toNanos();
    }

    @Override
    public long millisUntilDue(Ledgers ledgers) {
        long due = lastCommitNanos + interval.toNanos();
        if (!retries.isEmpty()) {
            due = Math.min(due, retryAtNanos);
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime()));
    }

    @Override
    public void cycle(Ledgers ledgers, boolean force) {
        long now = System.nanoTime();
        if (!retries.isEmpty() && now >= retryAtNanos) {
            while (!retries.isEmpty()) {
                Pending pending = retries.removeFirst();
                if (ledgers.isCurrent(pending.ledger)) {
                    ready(pending);
                } else {
                    pending.settle(false);
                }
            }
        }
        if (!force && now - lastCommitNanos < interval.toNanos()) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = ledgers.commitOffsets(false);
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error == null) {
                ledgers.committed(committed);
            } else {
                LOGGER.warn("Offset commit failed (the next one retries): {}", error.toString());
            }
        });
    }

    @Override
    public void beforeRevoke(Ledgers ledgers, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = ledgers.commitOffsets(partitions, false);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            ledgers.committed(offsets);
        } catch (RuntimeException e) {
            LOGGER.warn("Offset commit failed; the uncommitted records will be delivered again: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            LOGGER.debug("Flush failed: {}", e.toString());
        }
    }
}
