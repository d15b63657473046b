package dev.keel.client;

import dev.keel.client.internal.PendingReplies;
import dev.keel.client.internal.ReplyListener;
import dev.keel.client.internal.ReplyTopics;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.Topic;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts prompt events and hands back their results: {@link #submit} publishes a PromptRequest with
 * {@code reply_to} set to this client's reply topic and returns a future the worker's reply
 * completes. Every submission carries a token ({@link #TOKEN_ATTRIBUTE}: this incarnation's id and a
 * sequence number) that the worker echoes in the result's attributes; a result completes a future only
 * when request id and token match, so late results (timed out, or from before a restart of a named
 * client) are dropped and counted, never delivered to the wrong future.
 *
 * <p>Back-pressure: at most {@code max-pending} futures wait at once; beyond that {@code submit} fails
 * at once with {@link KeelClientException.Overloaded} (nothing is published). It never blocks.
 *
 * <p>Thread-safe; one instance per process is the intended use. Futures complete on virtual threads,
 * never on the reply-polling thread. {@link #close} fails whatever still waits with
 * {@link KeelClientException.Closed}; {@link #close(Duration)} first lets them drain.
 */
public final class KeelClient implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(KeelClient.class);

    /** The result attribute that ties a result to the submission it answers. */
    public static final String TOKEN_ATTRIBUTE = "keel.reply_token";

    private final String clientId;
    private final String replyTopic;
    private final boolean anonymous;
    private final KafkaClients kafka;
    private final Topic<String, PromptRequest> requests;
    private final Topic<String, PromptRequest> requestsBatch;
    private final Duration defaultTimeout;
    private final Duration replyGrace;
    private final Clock clock;
    private final String incarnation = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final PendingReplies pending;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ReplyListener listener;

    KeelClient(KeelClientBuilder b) {
        this.anonymous = b.clientId == null;
        this.clientId = anonymous ? "anon-" + UUID.randomUUID() : b.clientId;
        this.replyTopic = b.replyTopicPrefix + clientId;
        this.kafka = b.kafka;
        this.requests = b.requests;
        this.requestsBatch = b.requestsBatch;
        this.defaultTimeout = b.timeout;
        this.replyGrace = b.replyGrace;
        this.clock = b.clock;
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("keel-client-timers").daemon().factory());
        timers.setRemoveOnCancelPolicy(true);
        this.pending = new PendingReplies(b.maxPending, timers, callbacks);
        try (Admin admin = kafka.admin("keel-client-" + clientId)) {
            ReplyTopics.ensure(admin, replyTopic, b.replyPartitions, b.replicationFactor, b.replyRetention);
        }
        this.producer = kafka.bytesProducer("keel-client-" + clientId);
        this.listener = new ReplyListener(kafka.bytesConsumer(null, "keel-client-replies-" + clientId), replyTopic, pending,
                result -> result.getAttributes().get(TOKEN_ATTRIBUTE));
        LOGGER.info("Keel client started client_id={} reply_topic={} max_pending={}", clientId, replyTopic, b.maxPending);
    }

    /** A builder on Kafka clients with Keel's defaults ({@code kafka:} of the config) and the topics of {@code topics:}. */
    public static KeelClientBuilder builder(dev.keel.config.KeelConfig config) {
        return new KeelClientBuilder(config);
    }

    /** Submits with the client's default timeout. */
    public CompletableFuture<PromptResult> submit(PromptRequest request) {
        return submit(request, defaultTimeout);
    }

    /**
     * Publishes the request (to the lane its {@code lane} names) and returns a future of its result.
     * {@code created_at} is set when missing; {@code deadline_ms} is set to now + timeout when missing
     * (an earlier deadline in the request wins), so workers stop spending on a request nobody waits
     * for. The future fails with {@link KeelClientException.TimedOut} {@code reply-grace} after the
     * deadline if no result came. Failures to submit are failed futures, never exceptions.
     */
    public CompletableFuture<PromptResult> submit(PromptRequest request, Duration timeout) {
        String id = request.getRequestId();
        if (closed.get()) {
            return CompletableFuture.failedFuture(new KeelClientException.Closed(id));
        }
        long now = clock.millis();
        long deadline = now + timeout.toMillis();
        if (request.getDeadlineMs() != null) {
            deadline = Math.min(deadline, request.getDeadlineMs());
        }
        String token = incarnation + "-" + sequence.incrementAndGet();
        Map<String, String> attributes = new HashMap<>(request.getAttributes());
        attributes.put(TOKEN_ATTRIBUTE, token);
        PromptRequest outgoing = PromptRequest.newBuilder(request)
                .setCreatedAt(request.getCreatedAt() != null ? request.getCreatedAt() : now)
                .setDeadlineMs(deadline)
                .setAttributes(attributes)
                .setReplyTo(replyTopic)
                .build();
        CompletableFuture<PromptResult> future;
        try {
            future = pending.register(id, token, Math.max(0, deadline - now) + replyGrace.toMillis());
        } catch (KeelClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        Topic<String, PromptRequest> lane = request.getLane() == Lane.BATCH ? requestsBatch : requests;
        try {
            producer.send(lane.serialized(id, outgoing), (meta, error) -> {
                if (error != null) {
                    pending.publishFailed(id, token, error);
                }
            });
        } catch (RuntimeException e) {
            pending.publishFailed(id, token, e);
        }
        return future;
    }

    public String clientId() {
        return clientId;
    }

    /** The topic workers reply on: {@code <prefix><client id>}. */
    public String replyTopic() {
        return replyTopic;
    }

    public ClientStats stats() {
        return pending.stats();
    }

    /** Fails what still waits at once and releases everything. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops accepting submissions, waits up to {@code drain} for waiting futures to complete, fails the
     * rest with {@link KeelClientException.Closed}, and releases the clients. An anonymous client
     * deletes its reply topic; a named one keeps it for its next start.
     */
    public void close(Duration drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            producer.flush();
            if (!pending.awaitDrained(drain.toMillis())) {
                LOGGER.warn("Keel client closing with requests still waiting client_id={} pending={}", clientId, pending.stats().pending());
            }
            pending.failAll();
            listener.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.failAll();
        } finally {
            producer.close(Duration.ofSeconds(5));
            timers.shutdownNow();
            callbacks.close();
            if (anonymous) {
                try (Admin admin = kafka.admin("keel-client-" + clientId)) {
                    ReplyTopics.delete(admin, replyTopic);
                } catch (RuntimeException e) {
                    LOGGER.warn("Reply topic not deleted topic={}: {}", replyTopic, e.getMessage());
                }
            }
        }
    }
}
