package dev.keel.cli.drill;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads one topic, every partition, from a record timestamp (or the beginning) up to the end offsets
 * it had when the read began, with {@code read_committed} (Keel's consumer default): what a report
 * needs, a bounded snapshot rather than a follow.
 */
public final class TopicRange {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration META = Duration.ofSeconds(10);

    private TopicRange() {
    }

    /**
     * A group-less consumer that reads only committed records whatever the {@code kafka:} section says:
     * an aborted result or request must never be counted (results are published in transactions).
     */
    public static KafkaConsumer<byte[], byte[]> committedConsumer(KafkaClients clients, String clientId) {
        Map<String, Object> props = clients.consumerProperties(null, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param fromTimestamp first record timestamp wanted (epoch ms), or a negative number for the beginning
     * @param atMost        give up (with a {@link UserError}) when the end is not reached in this time
     */
    public static void read(KafkaClients clients, String topic, long fromTimestamp, Duration atMost,
                            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(clients, "keel-read-" + topic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, META);
            if (infos == null || infos.isEmpty()) {
                throw new UserError("topic " + topic + " does not exist on " + clients.bootstrapServers(), ExitCodes.FAILED);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, META);
            if (fromTimestamp < 0) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, fromTimestamp));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, META);
                for (TopicPartition p : partitions) {
                    OffsetAndTimestamp at = found.get(p);
                    consumer.seek(p, at == null ? end.get(p) : at.offset());
                }
            }
            long deadline = System.nanoTime() + atMost.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new UserError("could not read " + topic + " to its end within " + atMost.toSeconds() + " s", ExitCodes.FAILED);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        sink.accept(record);
                    }
                }
            }
        }
    }
}
