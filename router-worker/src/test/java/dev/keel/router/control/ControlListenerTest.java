package dev.keel.router.control;

import dev.keel.config.TopicsConfig;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.KeelSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control listener on Kafka's MockConsumer: it survives bad records and a broker that goes away. */
class ControlListenerTest {

    private static final String TOPIC = "keel.control";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final ControlState state = new ControlState(false, Set.of("primary", "secondary"), name -> null, Clock.systemUTC());
    private ControlListener listener;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private void start() {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L));
        KeelTopics topics = KeelTopics.from(new TopicsConfig(null, null, null, null, null, null, TOPIC, null, null, null, null));
        listener = new ControlListener(consumer, topics.control(), state, Clock.systemUTC()).start();
    }

    private void offer(long offset, String key, byte[] value) {
        consumer.schedulePollTask(() -> {
            consumer.updateEndOffsets(Map.of(P0, offset + 1));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, key.getBytes(StandardCharsets.UTF_8), value));
        });
    }

    private static byte[] bypass(boolean on) {
        return KeelSerde.of(ControlCommand.class).encode(new ControlCommand("bypass", String.valueOf(on), "oncall", System.currentTimeMillis()));
    }

    @Test
    void shouldSkipAndCountARecordItCannotReadAndApplyTheNextWhenTheTopicHasGarbage() {
        // Given
        start();

        // When
        offer(0, "bypass", "not a control command".getBytes(StandardCharsets.UTF_8));
        offer(1, "bypass", bypass(true));

        // Then
        await().atMost(Duration.ofSeconds(10)).until(state::bypass);
        assertThat(listener.skipped()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.behind()).isZero());
    }

    @Test
    void shouldKeepFollowingTheTopicWhenPollsFailWhileTheBrokerIsAway() {
        // Given
        start();
        long checkedBefore = listener.checkedAt();

        // When: a poll fails and the end offsets cannot be read (the broker away), then it is back
        consumer.schedulePollTask(() -> consumer.setPollException(new KafkaException("broker away")));
        consumer.setOffsetsException(new TimeoutException("end offsets"));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.skipped() == 0 && consumer.lastPollTimeout() != null);
        consumer.setOffsetsException(null);
        offer(0, "bypass", bypass(true));

        // Then
        await().atMost(Duration.ofSeconds(10)).until(state::bypass);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.checkedAt() > checkedBefore);
        assertThat(listener.skipped()).isZero();
    }
}
