package dev.keel.router.delivery;

import dev.keel.config.WorkerConfig;
import dev.keel.router.internal.RateLimitedLog;
import dev.keel.schemas.Lane;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The poll loop of a router worker.
 *
 * <p>Threading: one platform thread (the poll thread) owns the {@link Consumer}, every
 * {@link PartitionLedger} and the {@link Committer} (under exactly-once, the transactional producer);
 * each record's {@link RecordHandler} runs on its own virtual thread, at most {@code max-in-flight} at
 * once (interactive lane first, {@link LanePermits}), and hands its {@link Outcome} back through a
 * queue. Partitions pause while too much is in flight and resume with hysteresis.
 *
 * <p>Delivery: an offset is done only when its outcome is in Kafka; the commit point is each
 * partition's first offset not done, and the done offsets beyond it travel in the commit metadata, so
 * a worker taking the partition over skips them. A record redelivered to this worker while its first
 * copy still runs (a partition revoked and assigned back) adopts that copy instead of starting over.
 *
 * <p>Lifecycle: {@link #run()} on a dedicated thread until {@link #shutdown()} (then it waits up to
 * {@code shutdown-grace} for in-flight records, commits and leaves the group) or until delivery fails
 * for good: then {@link #health()} says FAILED and the worker leaves the group at once.
 */
public final class RequestConsumer implements Runnable {

    /** Tries of a handler that throws before {@link RecordHandler#giveUp} answers the record. */
    public static final int HANDLER_ATTEMPTS = 3;
    private static final Logger LOGGER = LoggerFactory.getLogger(RequestConsumer.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SLOW_STEP = Duration.ofSeconds(2);

    private record Finished(HandlerTask task, Outcome outcome, Throwable error) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, Lane> laneByTopic;
    private final RecordHandler handler;
    private final WorkerConfig config;
    private final WorkerHealth health;
    private final Committer committer;
    private final LanePermits permits;
    private final Backpressure backpressure;
    private final Ledgers ledgers = new Ledgers();
    private final PartitionHandover handover;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlightGauge = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Counter interactiveConsumed;
    private final Counter batchConsumed;
    private final Counter skippedDone;
    private final Counter adopted;
    private final Counter dropped;
    private final RateLimitedLog warnings;
    private volatile boolean running = true;
    private boolean failed;

    private RequestConsumer(Consumer<byte[], byte[]> consumer, Map<String, Lane> laneByTopic, RecordHandler handler,
                            WorkerConfig config, WorkerHealth health, java.util.function.Function<RequestConsumer, Committer> committer,
                            MeterRegistry meters, Clock clock) {
        this.consumer = consumer;
        this.laneByTopic = Map.copyOf(laneByTopic);
        this.handler = handler;
        this.config = config;
        this.health = health;
        this.permits = new LanePermits(config.maxInFlight(), config.batchShare(),
                new SlowStart(config.maxInFlight(), config.slowStart(), clock));
        this.backpressure = new Backpressure(consumer, this.laneByTopic, config.maxInFlight(), permits.batchCapacity());
        this.warnings = new RateLimitedLog(LOGGER, Duration.ofSeconds(10), clock);
        this.committer = committer.apply(this);
        this.handover = new PartitionHandover(consumer, ledgers, this.committer, config.shutdownGrace().dividedBy(2),
                this::awaitRunning, () -> failed, this.warnings);
        Gauge.builder("keel.worker.in_flight", inFlightGauge, AtomicInteger::get)
                .description("Request records consumed and not yet delivered").register(meters);
        this.interactiveConsumed = Counter.builder("keel.worker.consumed").tag("lane", "interactive")
                .description("Request records consumed").register(meters);
        this.batchConsumed = Counter.builder("keel.worker.consumed").tag("lane", "batch")
                .description("Request records consumed").register(meters);
        this.skippedDone = Counter.builder("keel.worker.redelivered").tag("kind", "already_done")
                .description("Redelivered records whose result a previous owner had committed (skipped)").register(meters);
        this.adopted = Counter.builder("keel.worker.redelivered").tag("kind", "adopted")
                .description("Redelivered records that joined their still-running first copy").register(meters);
        this.dropped = Counter.builder("keel.worker.dropped")
                .description("Records left without an outcome because the handler's giveUp failed (a bug)").register(meters);
    }

    /** Results and offsets in one transaction per {@code commit-interval}; {@code producers} make transactional producers. */
    public static RequestConsumer exactlyOnce(Consumer<byte[], byte[]> consumer, Map<String, Lane> laneByTopic, RecordHandler handler,
                                              WorkerConfig config, Supplier<Producer<byte[], byte[]>> producers, WorkerHealth health,
                                              MeterRegistry meters, Clock clock) {
        return new RequestConsumer(consumer, laneByTopic, handler, config, health,
                self -> new TransactionalCommitter(producers, consumer, config.commitInterval(), health, meters), meters, clock);
    }

    /** Results published as soon as ready, offsets committed after their acknowledgement. */
    public static RequestConsumer atLeastOnce(Consumer<byte[], byte[]> consumer, Map<String, Lane> laneByTopic, RecordHandler handler,
                                              WorkerConfig config, Producer<byte[], byte[]> producer, WorkerHealth health,
                                              MeterRegistry meters, Clock clock) {
        return new RequestConsumer(consumer, laneByTopic, handler, config, health,
                self -> new AtLeastOnceCommitter(producer, consumer, config.commitInterval(), health, self.events::add), meters, clock);
    }

    @Override
    public void run() {
        try {
            if (!committer.prepare(() -> running)) {
                return;
            }
            consumer.subscribe(List.copyOf(laneByTopic.keySet()), handover);
            while (running) {
                step();
            }
            finishInFlight(config.shutdownGrace());
        } catch (WakeupException e) {
            finishInFlight(config.shutdownGrace());
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            handlers.shutdownNow();
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOGGER.debug("Consumer close failed: {}", e.toString());
            }
            committer.close();
            stopped.countDown();
        }
    }

    private void step() {
        long started = System.nanoTime();
        drainEvents();
        committer.cycle(ledgers, false);
        handover.resolve();
        backpressure.adjust(ledgers, handover.unresolved());
        Duration timeout = ledgers.inFlight() > 0
                ? Duration.ofMillis(Math.min(BUSY_POLL.toMillis(), committer.millisUntilDue(ledgers))) : IDLE_POLL;
        long polling = System.nanoTime();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        long done = System.nanoTime();
        if (done - started > SLOW_STEP.toNanos()) {
            LOGGER.warn("Slow poll loop step took_ms={} in_poll_ms={} in_flight={}", TimeUnit.NANOSECONDS.toMillis(done - started),
                    TimeUnit.NANOSECONDS.toMillis(done - polling), ledgers.inFlight());
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            dispatch(record);
        }
        inFlightGauge.set(ledgers.inFlight());
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

    public WorkerHealth health() {
        return health;
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionLedger ledger = ledgers.get(partition);
        long offset = record.offset();
        if (ledger == null || ledger.isOpen(offset) || ledger.isBehindCommitPoint(offset)) {
            return;
        }
        Lane lane = laneByTopic.getOrDefault(record.topic(), Lane.INTERACTIVE);
        (lane == Lane.BATCH ? batchConsumed : interactiveConsumed).increment();
        if (ledger.takeKnownDone(offset)) {
            skippedDone.increment();
            return;
        }
        HandlerTask orphan = handover.adopt(partition, offset);
        if (orphan != null) {
            orphan.owner = ledger;
            ledger.started(offset, orphan);
            adopted.increment();
            return;
        }
        HandlerTask task = new HandlerTask(record, partition, lane, handler, permits, ledger);
        ledger.started(offset, task);
        task.outcome.whenComplete((outcome, error) -> events.add(new Finished(task, outcome, error)));
        handlers.execute(task);
    }

    private void drainEvents() {
        Object event;
        while ((event = events.poll()) != null) {
            handle(event);
        }
        inFlightGauge.set(ledgers.inFlight());
    }

    private void handle(Object event) {
        if (event instanceof AtLeastOnceCommitter.Sent sent) {
            ((AtLeastOnceCommitter) committer).sent(ledgers, sent);
            return;
        }
        Finished finished = (Finished) event;
        HandlerTask task = finished.task();
        long offset = task.record.offset();
        PartitionLedger owner = task.owner;
        boolean current = ledgers.isCurrent(owner) && owner.isOpen(offset) && owner.slot(offset).task == task;
        if (!current) {
            handover.forget(task);
            if (finished.outcome() instanceof Outcome.Publish publish) {
                publish.settled().accept(false);
            }
            return;
        }
        if (finished.error() != null) {
            if (finished.error() instanceof InterruptedException) {
                return; // stopping: the record stays open and is delivered again
            }
            LOGGER.error("Record dropped: the handler could not even give up topic={} partition={} offset={}: {}",
                    task.record.topic(), task.record.partition(), offset, finished.error().toString());
            dropped.increment();
            owner.done(offset);
            return;
        }
        switch (finished.outcome()) {
            case Outcome.Nothing nothing -> owner.done(offset);
            case Outcome.Publish publish -> {
                Pending pending = new Pending(owner, offset, publish);
                owner.ready(offset, pending);
                committer.ready(pending);
            }
        }
    }

    /** Handles events until none of {@code partitions} (all when null) has a running record, up to {@code grace}. */
    void awaitRunning(Collection<TopicPartition> partitions, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while ((partitions == null ? ledgers.inFlight() : ledgers.running(partitions)) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Object event = events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                if (event != null) {
                    handle(event);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            drainEvents();
            committer.cycle(ledgers, false);
        }
        drainEvents();
    }

    private void finishInFlight(Duration grace) {
        awaitRunning(null, grace);
        committer.cycle(ledgers, true);
        if (ledgers.inFlight() > 0) {
            LOGGER.warn("Stopping with {} requests not delivered; they will be delivered again", ledgers.inFlight());
        }
    }

    private void fail(RuntimeException e) {
        Throwable root = e;
        while (!(root instanceof Committer.FatalDeliveryException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root instanceof Committer.FatalDeliveryException ? root.getMessage()
                : "the request loop failed: " + PublishErrors.describe(e);
        failed = true;
        running = false;
        health.failed(why);
        LOGGER.error("Worker cannot deliver and leaves the consumer group: {}", why, e);
    }

}
