package dev.keel.cli;

import dev.keel.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The newest record timestamp on a topic: the last record of each partition, read directly. */
final class TopicTimes {

    private TopicTimes() {
    }

    static OptionalLong newestTimestamp(KafkaClients clients, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.bytesConsumer(null, "keel-replay-check")) {
            List<TopicPartition> partitions = KafkaAccess.partitionsOf(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KafkaAccess.REACH_TIMEOUT);
            List<TopicPartition> nonEmpty = partitions.stream().filter(p -> end.get(p) > 0).toList();
            if (nonEmpty.isEmpty()) {
                return OptionalLong.empty();
            }
            consumer.assign(nonEmpty);
            nonEmpty.forEach(p -> consumer.seek(p, end.get(p) - 1));
            long newest = Long.MIN_VALUE;
            int seen = 0;
            // A partition ending in a transaction marker yields no record: give up after a few seconds.
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (seen < nonEmpty.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    newest = Math.max(newest, record.timestamp());
                    seen++;
                }
            }
            return newest == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(newest);
        }
    }
}
