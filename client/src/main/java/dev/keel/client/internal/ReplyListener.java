package dev.keel.client.internal;

import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a client's reply topic from its end as it was when the client started (no consumer group:
 * every partition is assigned, nothing is committed), so replies from before a restart are never
 * read, and hands each result to {@link PendingReplies}. One platform thread; {@link #close} stops it.
 */
public final class ReplyListener implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplyListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    private static final Duration METADATA_BACKOFF = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PendingReplies pending;
    private final Function<PromptResult, String> tokenOf;
    private final KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
    private final Thread thread;
    private volatile boolean running = true;

    /** Assigns and positions every partition before returning, so no reply published afterwards is missed. */
    public ReplyListener(KafkaConsumer<byte[], byte[]> consumer, String topic, PendingReplies pending,
                         Function<PromptResult, String> tokenOf) {
        this.consumer = consumer;
        this.pending = pending;
        this.tokenOf = tokenOf;
        List<TopicPartition> partitions = partitionsOf(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = Thread.ofPlatform().name("keel-client-replies-" + topic).daemon().unstarted(this::run);
        thread.start();
    }

    /**
     * The topic's partitions; a topic created a moment ago may not be in the consumer's metadata yet,
     * so an empty answer is retried (with a short backoff) for up to {@link #METADATA_WAIT}.
     */
    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                consumer.close(Duration.ofSeconds(1));
                throw new IllegalStateException("reply topic " + topic + " has no partitions in the broker's metadata after "
                        + METADATA_WAIT.toSeconds() + " s");
            }
            try {
                // The consumer has no call that waits for a new topic's metadata: back off, then ask again.
                Thread.sleep(METADATA_BACKOFF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                consumer.close(Duration.ofSeconds(1));
                throw new IllegalStateException("interrupted while waiting for reply topic " + topic, e);
            }
        }
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        pending.undecodable();
                        continue;
                    }
                    switch (serde.decode(record.value())) {
                        case Decoded.Ok<PromptResult> ok -> pending.deliver(ok.value(), tokenOf.apply(ok.value()));
                        case Decoded.Failed<PromptResult> failed -> {
                            pending.undecodable();
                            LOGGER.warn("Undecodable reply dropped topic={} partition={} offset={} reason={}",
                                    record.topic(), record.partition(), record.offset(), failed.failure().code());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            // No reply can arrive any more: fail the waiting futures now rather than at their timeouts.
            LOGGER.error("Reply listener stopped: {}", e.toString());
            pending.failAll();
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
