package dev.keel.alerts.internal;

import dev.keel.alerts.AlertsMetrics;
import dev.keel.alerts.AlertsService;
import dev.keel.alerts.PageId;
import dev.keel.alerts.Sink;
import dev.keel.config.AlertSinkConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.SloSeverity;
import dev.keel.kafka.KafkaClients;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The consumer thread of {@code keel alerts}: reads pages, routes each to the sinks that take it (skipping
 * the sinks that already handled that transition: the ledger), and commits the prefix of records every
 * routed sink is done with. Never blocks on a sink: sink queues are bounded and give up when full.
 * {@link #run()} on one thread; {@link #stop()} from any.
 */
public final class PageDispatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(PageDispatcher.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private record Route(AlertSinkConfig config, SinkWorker worker) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<Route> routes;
    private final DeliveryLedger ledger;
    private final AlertsMetrics metrics;
    private final Duration shutdownTimeout;
    private final Duration startLookback;
    private final java.time.Clock clock;
    private final OffsetTracker tracker = new OffsetTracker();
    private final KeelSerde<PageEvent> serde = KeelSerde.of(PageEvent.class);
    private final AtomicLong committed = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean reading;

    private PageDispatcher(KafkaConsumer<byte[], byte[]> consumer, String topic, List<Route> routes, DeliveryLedger ledger,
                           AlertsMetrics metrics, Duration shutdownTimeout, Duration startLookback, java.time.Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.routes = routes;
        this.ledger = ledger;
        this.metrics = metrics;
        this.shutdownTimeout = shutdownTimeout;
        this.startLookback = startLookback;
        this.clock = clock;
    }

    public static PageDispatcher create(KeelConfig config, Map<String, AlertSinkConfig> sinks, KafkaClients kafka, DeliveryLedger ledger,
                                        AlertsMetrics metrics, AlertsService.Options options) {
        List<Route> routes = new ArrayList<>();
        sinks.forEach((name, c) -> {
            Sink sink = Sinks.create(name, c, config.alerts(), options.http(), options.console(), options.clock());
            routes.add(new Route(c, new SinkWorker(sink, c.retry(), c.queueCapacity(), ledger, metrics, options.clock(), options.sleeper())));
        });
        KafkaConsumer<byte[], byte[]> consumer = kafka.bytesConsumer(config.alerts().groupId(), "keel-alerts");
        return new PageDispatcher(consumer, config.topics().pages(), List.copyOf(routes), ledger, metrics, config.alerts().shutdownTimeout(),
                config.alerts().startLookback(), options.clock());
    }

    public void run() {
        routes.forEach(r -> r.worker().start());
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    dispatch(record);
                }
                commit();
            }
            drain();
        } catch (WakeupException e) {
            drain();
        } catch (RuntimeException e) {
            LOGGER.error("keel alerts consumer failed: {}", e.toString());
            throw e;
        } finally {
            routes.forEach(r -> r.worker().stop());
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null || !(serde.decode(record.value()) instanceof Decoded.Ok<PageEvent> ok)) {
            metrics.undecodable();
            LOGGER.warn("Unreadable page skipped topic={} partition={} offset={}", record.topic(), record.partition(), record.offset());
            tracker.add(new PendingPage(partition, record.offset(), 0));
            return;
        }
        PageEvent page = ok.value();
        PageId id = PageId.of(page);
        SloSeverity severity = SloSeverity.valueOf(page.getSeverity().name());
        List<SinkWorker> targets = new ArrayList<>();
        for (Route route : routes) {
            if (!route.config().takes(severity, page.getScope())) {
                continue;
            }
            if (ledger.claim(route.worker().name(), id)) {
                targets.add(route.worker());
            } else {
                metrics.duplicate(route.worker().name());
                LOGGER.info("Page already handled by sink, not sent again sink={} page={} offset={}", route.worker().name(), id, record.offset());
            }
        }
        PendingPage pending = new PendingPage(partition, record.offset(), targets.size());
        tracker.add(pending);
        targets.forEach(w -> w.offer(page, id, pending));
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> moved = tracker.advance();
        if (!moved.isEmpty()) {
            consumer.commitSync(moved);
            tracker.committed(moved);
            committed.set(tracker.finished());
        }
        reading = !consumer.assignment().isEmpty();
    }

    /** Stop reading; give the sinks up to the shutdown timeout to finish; commit what is done. */
    private void drain() {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        while (tracker.inFlight() > 0 && System.nanoTime() < deadline) {
            commitQuietly();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        commitQuietly();
        if (tracker.inFlight() > 0) {
            LOGGER.warn("keel alerts stopping with pages in flight pages={}: they are not committed and will be delivered after a restart "
                    + "(sinks that already took them are skipped)", tracker.inFlight());
        }
    }

    private void commitQuietly() {
        try {
            commit();
        } catch (RuntimeException e) {
            LOGGER.warn("Commit on shutdown failed: {}", e.toString());
        }
    }

    public void stop() {
        running = false;
    }

    public long committedRecords() {
        return committed.get();
    }

    public boolean isReading() {
        return reading;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitQuietly();
            tracker.forget(partitions);
        }

        /** A partition the group never committed starts at the pages of the last start-lookback (by record time), not at the beginning. */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> done = consumer.committed(new java.util.HashSet<>(partitions));
            Map<TopicPartition, Long> fresh = new java.util.HashMap<>();
            for (TopicPartition p : partitions) {
                if (done.get(p) == null) {
                    fresh.put(p, clock.millis() - startLookback.toMillis());
                }
            }
            if (!fresh.isEmpty()) {
                // The end is read before the time lookup and used as an offset (seekToEnd is lazy): a page published
                // meanwhile has an offset at or past it and is read.
                Map<TopicPartition, Long> end = consumer.endOffsets(fresh.keySet());
                consumer.offsetsForTimes(fresh).forEach((p, o) -> consumer.seek(p, o == null ? end.get(p) : Math.min(o.offset(), end.get(p))));
            }
            LOGGER.info("keel alerts reading partitions={} new={} (new ones start {} back)", partitions.size(), fresh.size(), startLookback);
        }
    }
}
