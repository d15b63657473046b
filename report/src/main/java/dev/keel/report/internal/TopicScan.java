package dev.keel.report.internal;

import dev.keel.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads a topic once, from a record time to the end it had when the scan began, with a consumer of no
 * group (nothing committed, nothing changed on the broker). Not thread-safe: one scan per instance.
 */
public final class TopicScan implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    public TopicScan(KafkaClients kafka, String topic) {
        this.consumer = kafka.bytesConsumer(null, "keel-report");
        var infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        this.partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
    }

    /** The earliest record time the topic still holds (retention may have removed older ones); empty when it holds nothing. */
    public OptionalLong earliestTimestamp() {
        return firstTimestamps(consumer.beginningOffsets(partitions), Math::min);
    }

    /** The latest record time over all partitions (the last record of each); empty when the topic is empty. */
    public OptionalLong latestTimestamp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> last = new java.util.HashMap<>();
        end.forEach((p, e) -> last.put(p, Math.max(0, e - 1)));
        return firstTimestamps(last, Math::max);
    }

    /** The timestamp of the record at {@code offsets} in each non-empty partition, combined. */
    private OptionalLong firstTimestamps(Map<TopicPartition, Long> offsets, java.util.function.LongBinaryOperator combine) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        java.util.Set<TopicPartition> waiting = new java.util.HashSet<>();
        for (TopicPartition p : partitions) {
            if (begin.get(p) < end.get(p)) {
                consumer.seek(p, Math.max(begin.get(p), offsets.get(p)));
                waiting.add(p);
            }
        }
        Long result = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (waiting.remove(new TopicPartition(r.topic(), r.partition()))) {
                    result = result == null ? r.timestamp() : combine.applyAsLong(result, r.timestamp());
                }
            }
        }
        return result == null ? OptionalLong.empty() : OptionalLong.of(result);
    }

    /** Every record with a timestamp at or after {@code fromTimestamp}, to the end offsets of now. */
    public void readFrom(long fromTimestamp, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(
                partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> Math.max(0, fromTimestamp))));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = start.get(p);
            consumer.seek(p, o == null ? end.get(p) : o.offset());
        }
        drain(end, sink);
    }

    private void drain(Map<TopicPartition, Long> end, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + partitions.getFirst().topic());
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    sink.accept(r);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
