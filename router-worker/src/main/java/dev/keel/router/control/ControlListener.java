package dev.keel.router.control;

import dev.keel.kafka.Topic;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows the compacted control topic and applies each command to the {@link ControlState}. It
 * reads from the beginning (no consumer group: every worker sees every command), so a starting
 * worker takes the latest value of each setting before it serves a request. Polls every 100 ms,
 * so a switch reaches a running worker well within the promised second.
 *
 * <p>Lifecycle: {@link #start()} returns once the history is applied; runs on its own thread until
 * {@link #close()}. A command it cannot read or apply is logged and skipped, never fatal.
 */
public final class ControlListener implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ControlListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<String, ControlCommand> topic;
    private final ControlState state;
    private final KeelSerde<ControlCommand> serde = KeelSerde.of(ControlCommand.class);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private Thread thread;

    public ControlListener(Consumer<byte[], byte[]> consumer, Topic<String, ControlCommand> topic, ControlState state) {
        this.consumer = consumer;
        this.topic = topic;
        this.state = state;
    }

    public ControlListener start() {
        thread = Thread.ofPlatform().name("keel-control").daemon().start(this::run);
        try {
            if (!caughtUp.await(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not read the control topic " + topic.name() + " within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the control topic", e);
        }
        return this;
    }

    private void run() {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), CATCH_UP_TIMEOUT);
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CATCH_UP_TIMEOUT);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOGGER.info("Control state loaded topic={} bypass={}", topic.name(), state.bypass());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOGGER.error("Control listener stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : Serdes.String().deserializer().deserialize(record.topic(), record.key());
        if (record.value() == null) {
            state.log(state.apply(key, null));
            return;
        }
        switch (serde.decode(record.value())) {
            case Decoded.Ok<ControlCommand> ok -> state.log(state.apply(key, ok.value()));
            case Decoded.Failed<ControlCommand> failed ->
                    LOGGER.warn("Control record skipped offset={} reason={}", record.offset(), failed.failure());
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
