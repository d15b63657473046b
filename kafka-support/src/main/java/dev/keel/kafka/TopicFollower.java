package dev.keel.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Reads every partition of one topic from its beginning on a background thread, without a consumer
 * group, and hands each record to a sink: what a dashboard, the demo's live table or a test collector
 * needs. The sink runs on the follower's thread. Owns the consumer; {@link #close()} stops and closes it.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Receives each record in partition order. */
    @FunctionalInterface
    public interface Sink {
        void accept(ConsumerRecord<byte[], byte[]> record);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private TopicFollower(Consumer<byte[], byte[]> consumer, String topic, Sink sink) {
        this.consumer = consumer;
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = Thread.ofPlatform().daemon().name("follow-" + topic).start(() -> follow(sink));
    }

    public static TopicFollower fromBeginning(Consumer<byte[], byte[]> consumer, String topic, Sink sink) {
        return new TopicFollower(consumer, topic, sink);
    }

    private void follow(Sink sink) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    sink.accept(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOGGER.error("Stopped following a topic: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
