package dev.keel.router.it;

import dev.keel.kafka.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** Keeps every record of a topic, from its beginning, and hands each to a sink. */
final class Collector implements AutoCloseable {

    final ConcurrentLinkedQueue<ConsumerRecord<byte[], byte[]>> records = new ConcurrentLinkedQueue<>();
    private final TopicFollower follower;

    Collector(KafkaConsumer<byte[], byte[]> consumer, String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        this.follower = TopicFollower.fromBeginning(consumer, topic, record -> {
            records.add(record);
            sink.accept(record);
        });
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
