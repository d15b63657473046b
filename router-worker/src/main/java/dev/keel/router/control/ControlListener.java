package dev.keel.router.control;

import dev.keel.kafka.Topic;
import dev.keel.router.internal.RateLimitedLog;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the compacted control topic and applies each command to the {@link ControlState}. It reads
 * from the beginning (no consumer group: every worker sees every command), so a starting worker takes
 * the latest value of each setting before it serves a request. Polls every 100 ms, so a switch reaches
 * a running worker well within the promised second.
 *
 * <p>Nothing ends it but {@link #close()}: a record it cannot read or apply is logged with its offset,
 * counted and skipped; a failing poll (the broker away) is logged at most every 10 s and retried. Every
 * {@link #CHECK_EVERY} it compares its position with the topic's end, so the status report can say
 * when its control state is behind ({@link #behind()}, {@link #checkedAt()}).
 *
 * <p>Lifecycle: {@link #start()} returns once the history is applied; runs on its own thread.
 */
public final class ControlListener implements AutoCloseable {

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(ControlListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<String, ControlCommand> topic;
    private final ControlState state;
    private final Clock clock;
    private final KeelSerde<ControlCommand> serde = KeelSerde.of(ControlCommand.class);
    private final RateLimitedLog warnings;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private volatile long behind = -1;
    private volatile long checkedAt = -1;
    private volatile boolean running = true;
    private long nextCheck;

    public ControlListener(Consumer<byte[], byte[]> consumer, Topic<String, ControlCommand> topic, ControlState state, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.state = state;
        this.clock = clock;
        this.warnings = new RateLimitedLog(LOGGER, Duration.ofSeconds(10), clock);
    }

    public ControlListener start() {
        Thread.ofPlatform().name("keel-control").daemon().start(this::run);
        try {
            if (!caughtUp.await(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("could not read the control topic " + topic.name() + " within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the control topic", e);
        }
        return this;
    }

    /** Control records on the topic not applied yet, at {@link #checkedAt()}; -1 before the first check. */
    public long behind() {
        return behind;
    }

    /** Epoch ms of the last successful comparison with the topic's end; -1 before the first. */
    public long checkedAt() {
        return checkedAt;
    }

    /** Records skipped because they could not be read or applied. */
    public long skipped() {
        return skipped.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = assign();
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    check(partitions);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    warnings.warn("Control topic poll failed topic=" + topic.name() + " (retrying)", e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOGGER.debug("Control consumer close failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /** Assigns every partition from the beginning, retrying while the topic's metadata cannot be read. */
    private List<TopicPartition> assign() {
        while (true) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), CATCH_UP_TIMEOUT);
                List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return partitions;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                warnings.warn("Cannot read the control topic's partitions topic=" + topic.name() + " (retrying)", e);
                pause();
            }
        }
    }

    private void check(List<TopicPartition> partitions) {
        long now = clock.millis();
        if (now < nextCheck && caughtUp.getCount() == 0) {
            return;
        }
        nextCheck = now + CHECK_EVERY.toMillis();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CHECK_TIMEOUT);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            lag += Math.max(0, end.getOrDefault(partition, 0L) - consumer.position(partition, CHECK_TIMEOUT));
        }
        behind = lag;
        checkedAt = clock.millis();
        if (lag == 0 && caughtUp.getCount() > 0) {
            LOGGER.info("Control state loaded topic={} bypass={}", topic.name(), state.bypass());
            caughtUp.countDown();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            String key = record.key() == null ? null : Serdes.String().deserializer().deserialize(record.topic(), record.key());
            if (record.value() == null) {
                state.log(state.apply(key, null));
                return;
            }
            switch (serde.decode(record.value())) {
                case Decoded.Ok<ControlCommand> ok -> state.log(state.apply(key, ok.value()));
                case Decoded.Failed<ControlCommand> failed -> skip(record, failed.failure().toString());
            }
        } catch (RuntimeException e) {
            skip(record, e.getClass().getSimpleName());
        }
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        skipped.incrementAndGet();
        LOGGER.warn("Control record skipped topic={} partition={} offset={} reason={}", record.topic(), record.partition(),
                record.offset(), reason);
    }

    private void pause() {
        try {
            // A failed poll or end-offset lookup returns at once while the broker is away: pause so the
            // listener retries twice a second instead of spinning a core, and keeps its thread alive.
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
