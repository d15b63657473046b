package dev.keel.bench.failover;

import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads every result published to {@code llm.results} from its end as of start-up, beside the load generator's
 * own consumer, and keeps what the failover figures need of each one ({@link Seen}). Its own thread.
 */
public final class ResultTap implements AutoCloseable {

    /** The detail prefix of a hedge leg the router cancelled (router-worker's HedgedCall). */
    static final String CANCELLED = "hedge: cancelled, ";

    /**
     * One result, reduced.
     *
     * @param createdAt     when the load generator sent it (epoch ms)
     * @param pickedUpAt    when the worker picked it up
     * @param completedAt   when the worker finished it
     * @param hedged        one of its calls was a hedge leg the router cancelled
     * @param hedgeCostUsd  what the cancelled leg(s) cost
     * @param primarySkipped its attempts start with the primary in cooldown
     * @param primaryCalled  the primary was called (not skipped) for it
     * @param attempts       {@code provider:OUTCOME} of each attempt, comma-separated (for failure causes)
     */
    public record Seen(long createdAt, long pickedUpAt, long completedAt, ResultStatus status, String provider, boolean hedged,
                       double hedgeCostUsd, double costUsd, boolean primarySkipped, boolean primaryCalled, String attempts) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    public ResultTap(KafkaClients kafka, KeelTopics topics) {
        consumer = kafka.bytesConsumer(null, "bench-failover-tap");
        List<TopicPartition> partitions = consumer.partitionsFor(topics.results().name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread.ofPlatform().daemon().name("bench-failover-tap").start(this::poll);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                        seen.add(reduce(ok.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    static Seen reduce(PromptResult r) {
        boolean hedged = false;
        double hedgeCost = 0;
        for (Attempt a : r.getAttempts()) {
            if (a.getDetail() != null && a.getDetail().startsWith(CANCELLED)) {
                hedged = true;
                hedgeCost += a.getCostUsd();
            }
        }
        List<Attempt> attempts = r.getAttempts();
        boolean skipped = !attempts.isEmpty() && attempts.getFirst().getProvider().equals("primary")
                && attempts.getFirst().getOutcome() == AttemptOutcome.SKIPPED_COOLDOWN;
        boolean called = attempts.stream().anyMatch(a -> a.getProvider().equals("primary") && a.getOutcome() != AttemptOutcome.SKIPPED_COOLDOWN);
        long pickedUp = r.getCreatedAt() + r.getQueueMs();
        String summary = String.join(",", attempts.stream().map(a -> a.getProvider() + ":" + a.getOutcome()).toList());
        return new Seen(r.getCreatedAt(), pickedUp, r.getCompletedAt(), r.getStatus(), r.getProvider(), hedged, hedgeCost,
                r.getCostUsd(), skipped, called, summary);
    }

    /** Everything seen so far. */
    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
