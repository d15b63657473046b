package dev.keel.router.delivery;

import dev.keel.config.WorkerConfig;
import dev.keel.schemas.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The poll loop of a router worker. One platform thread owns the {@link Consumer}; each record is
 * handled on its own virtual thread, at most {@code worker.max-in-flight} at once (interactive
 * lane first, see {@link LanePermits}). Partitions are paused while too much is in flight and
 * resumed with hysteresis, so a slow provider never turns into an unbounded heap.
 *
 * <p>Offsets: a record counts as done only when its handler returned; only the completed prefix of
 * each partition is committed (every {@code commit-interval}, on revocation and at shutdown). A
 * crash therefore redelivers what was in flight and loses nothing; duplicates are bounded by the
 * in-flight records plus one commit interval.
 *
 * <p>Lifecycle: {@link #run()} on a dedicated thread until {@link #shutdown()}; on the way out it
 * waits up to {@code shutdown-grace} for in-flight records, commits, and closes the consumer.
 */
public final class RequestConsumer implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
    private static final double RESUME_FRACTION = 0.8;

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, Lane> laneByTopic;
    private final RecordHandler handler;
    private final WorkerConfig config;
    private final LanePermits permits;
    private final OffsetTracker tracker = new OffsetTracker();
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlightGauge = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Counter interactiveConsumed;
    private final Counter batchConsumed;
    private volatile boolean running = true;
    private boolean saturated;
    private long lastCommitNanos = System.nanoTime();

    private record Completion(TopicPartition partition, long offset) {
    }

    /**
     * @param laneByTopic the request topics to consume and the lane each one is
     */
    public RequestConsumer(Consumer<byte[], byte[]> consumer, Map<String, Lane> laneByTopic, RecordHandler handler,
                           WorkerConfig config, MeterRegistry meters) {
        this.consumer = consumer;
        this.laneByTopic = Map.copyOf(laneByTopic);
        this.handler = handler;
        this.config = config;
        this.permits = new LanePermits(config.maxInFlight(), config.batchShare());
        Gauge.builder("keel.worker.in_flight", inFlightGauge, AtomicInteger::get)
                .description("Requests handed to handlers and not finished").register(meters);
        this.interactiveConsumed = Counter.builder("keel.worker.consumed").tag("lane", "interactive")
                .description("Request records consumed").register(meters);
        this.batchConsumed = Counter.builder("keel.worker.consumed").tag("lane", "batch")
                .description("Request records consumed").register(meters);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.copyOf(laneByTopic.keySet()), new Rebalance());
            while (running) {
                drainCompletions();
                commitIfDue();
                adjustPauses();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    dispatch(record);
                }
            }
            finishInFlight(config.shutdownGrace());
        } catch (RuntimeException e) {
            LOGGER.error("Request consumer stopped: {}", e.toString(), e);
        } finally {
            handlers.shutdownNow();
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOGGER.debug("Consumer close failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /** Asks the loop to stop; returns at once. {@link #awaitStopped} waits for the clean exit. */
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int inFlight() {
        return inFlightGauge.get();
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Lane lane = laneByTopic.getOrDefault(record.topic(), Lane.INTERACTIVE);
        (lane == Lane.BATCH ? batchConsumed : interactiveConsumed).increment();
        tracker.started(partition, record.offset());
        inFlightGauge.set(tracker.inFlight());
        handlers.execute(() -> {
            try {
                permits.acquire(lane);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                handler.handle(record, lane);
                completions.add(new Completion(partition, record.offset()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // Not done: the offset stays uncommitted and the record comes back after a restart or rebalance.
                LOGGER.error("Request left unfinished topic={} partition={} offset={}: {}",
                        record.topic(), record.partition(), record.offset(), e.toString());
            } finally {
                permits.release(lane);
            }
        });
    }

    private void drainCompletions() {
        Completion done;
        while ((done = completions.poll()) != null) {
            tracker.completed(done.partition(), done.offset());
        }
        inFlightGauge.set(tracker.inFlight());
    }

    private void commitIfDue() {
        if (System.nanoTime() - lastCommitNanos < config.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error == null) {
                tracker.committed(committed);
            } else {
                LOGGER.warn("Offset commit failed (will retry with the next one): {}", error.toString());
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            tracker.committed(offsets);
        } catch (RuntimeException e) {
            LOGGER.warn("Offset commit failed; the uncommitted records will be delivered again: {}", e.toString());
        }
    }

    /** Pause everything at max-in-flight and resume below 80% of it; pause the batch lane at its share. */
    private void adjustPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        int inFlight = tracker.inFlight();
        if (inFlight >= config.maxInFlight()) {
            saturated = true;
        } else if (inFlight <= config.maxInFlight() * RESUME_FRACTION) {
            saturated = false;
        }
        Set<TopicPartition> batch = new HashSet<>();
        for (TopicPartition partition : assigned) {
            if (laneByTopic.get(partition.topic()) == Lane.BATCH) {
                batch.add(partition);
            }
        }
        boolean batchFull = tracker.inFlight(batch) >= permits.batchCapacity();
        Set<TopicPartition> wanted = new HashSet<>();
        for (TopicPartition partition : assigned) {
            if (saturated || batchFull && batch.contains(partition)) {
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

    /** Waits for the in-flight records of {@code partitions} (all when null) to finish, up to {@code grace}. */
    private void awaitCompletions(Collection<TopicPartition> partitions, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while ((partitions == null ? tracker.inFlight() : tracker.inFlight(partitions)) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Completion done = completions.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (done != null) {
                    tracker.completed(done.partition(), done.offset());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drainCompletions();
    }

    private void finishInFlight(Duration grace) {
        awaitCompletions(null, grace);
        if (tracker.inFlight() > 0) {
            LOGGER.warn("Stopping with {} requests unfinished; they will be delivered again", tracker.inFlight());
        }
        commitSync(tracker.committable());
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Give the records of the departing partitions a moment to finish, so fewer come back as duplicates.
            awaitCompletions(partitions, config.shutdownGrace().dividedBy(2));
            commitSync(tracker.committable(partitions));
            int unfinished = tracker.inFlight(partitions);
            tracker.forget(partitions);
            LOGGER.info("Partitions revoked count={} unfinished={}", partitions.size(), unfinished);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
            LOGGER.warn("Partitions lost count={}; their records will be delivered again", partitions.size());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOGGER.info("Partitions assigned count={}", partitions.size());
        }
    }
}
