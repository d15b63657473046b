package dev.keel.router.control;

import dev.keel.kafka.Topic;
import dev.keel.kafka.TopicFollower;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the compacted control topic and applies each command to the {@link ControlState}. It reads
 * from the beginning (no consumer group: every worker sees every command), so a starting worker takes
 * the latest value of each setting before it serves a request. Polls every 100 ms, so a switch reaches
 * a running worker well within the promised second.
 *
 * <p>Nothing ends it but {@link #close()}: a record it cannot read or apply is logged with its offset,
 * counted and skipped; a failing poll (the broker away) is logged at most every 10 s and retried every
 * {@link #RETRY_PAUSE}. Every {@link #CHECK_EVERY} it compares its position with the topic's end, so the status
 * report can say when its control state is behind ({@link #behind()}, {@link #checkedAt()}). The following
 * itself is kafka-support's {@link TopicFollower}; this class is what a control record means.
 *
 * <p>Lifecycle: {@link #start()} returns once the history is applied; runs on its own thread.
 */
public final class ControlListener implements AutoCloseable {

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final Logger LOGGER = LoggerFactory.getLogger(ControlListener.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final Topic<String, ControlCommand> topic;
    private final ControlState state;
    private final Clock clock;
    private final KeelSerde<ControlCommand> serde = KeelSerde.of(ControlCommand.class);
    private final AtomicLong skipped = new AtomicLong();
    private TopicFollower follower;

    public ControlListener(Consumer<byte[], byte[]> consumer, Topic<String, ControlCommand> topic, ControlState state, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.state = state;
        this.clock = clock;
    }

    public ControlListener start() {
        follower = TopicFollower.following(consumer, topic.name()).threadName("keel-control").clock(clock)
                .retryingFailures(RETRY_PAUSE).checkingEndEvery(CHECK_EVERY).start(this::apply);
        try {
            if (!follower.awaitCaughtUp(CATCH_UP_TIMEOUT)) {
                close();
                throw new IllegalStateException("could not read the control topic " + topic.name() + " within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the control topic", e);
        }
        LOGGER.info("Control state loaded topic={} bypass={}", topic.name(), state.bypass());
        return this;
    }

    /** Control records on the topic not applied yet, at {@link #checkedAt()}; -1 before the first check. */
    public long behind() {
        return follower == null ? -1 : follower.behind();
    }

    /** Epoch ms of the last successful comparison with the topic's end; -1 before the first. */
    public long checkedAt() {
        return follower == null ? -1 : follower.checkedAt();
    }

    /** Records skipped because they could not be read or applied. */
    public long skipped() {
        return skipped.get();
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

    @Override
    public void close() {
        if (follower == null) {
            return;
        }
        try {
            follower.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
