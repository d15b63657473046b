package dev.keel.client;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.Topic;
import dev.keel.schemas.PromptRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Options of a {@link KeelClient}; every one has a default ({@code DEFAULT_*}). Not thread-safe. */
public final class KeelClientBuilder {

    public static final String DEFAULT_REPLY_TOPIC_PREFIX = "keel.replies.";
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REPLY_GRACE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REPLY_RETENTION = Duration.ofHours(1);
    public static final int DEFAULT_REPLY_PARTITIONS = 3;

    final KafkaClients kafka;
    final Topic<String, PromptRequest> requests;
    final Topic<String, PromptRequest> requestsBatch;
    final Optional<Short> replicationFactor;
    String clientId;
    String replyTopicPrefix = DEFAULT_REPLY_TOPIC_PREFIX;
    int maxPending = DEFAULT_MAX_PENDING;
    Duration timeout = DEFAULT_TIMEOUT;
    Duration replyGrace = DEFAULT_REPLY_GRACE;
    Duration replyRetention = DEFAULT_REPLY_RETENTION;
    int replyPartitions = DEFAULT_REPLY_PARTITIONS;
    Clock clock = Clock.systemUTC();

    KeelClientBuilder(KeelConfig config) {
        this.kafka = new KafkaClients(config.kafka());
        KeelTopics topics = KeelTopics.from(config.topics());
        this.requests = topics.requests();
        this.requestsBatch = topics.requestsBatch();
        this.replicationFactor = Optional.of(config.topics().replicationFactor());
    }

    /**
     * A stable name: the reply topic is {@code <prefix><id>}, kept across restarts (with its short
     * retention). Without one the client is anonymous: a random id, and the reply topic is deleted
     * on close. Two running clients must never share a name.
     */
    public KeelClientBuilder clientId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("clientId: 1 to 200 of [A-Za-z0-9._-]");
        }
        this.clientId = id;
        return this;
    }

    public KeelClientBuilder replyTopicPrefix(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]{0,40}")) {
            throw new IllegalArgumentException("replyTopicPrefix: up to 40 of [A-Za-z0-9._-]");
        }
        this.replyTopicPrefix = prefix;
        return this;
    }

    /** How many futures may wait at once; {@code submit} beyond it fails with {@link KeelClientException.Overloaded}. */
    public KeelClientBuilder maxPending(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxPending: must be at least 1");
        }
        this.maxPending = max;
        return this;
    }

    /** The default time a caller waits; also the request's {@code deadline_ms} (now + timeout) when it has none. */
    public KeelClientBuilder timeout(Duration t) {
        this.timeout = positive(t, "timeout");
        return this;
    }

    /** How long past the deadline a result is still awaited (the worker's DEADLINE_EXCEEDED answer needs a moment). */
    public KeelClientBuilder replyGrace(Duration grace) {
        Objects.requireNonNull(grace, "replyGrace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("replyGrace: must not be negative");
        }
        this.replyGrace = grace;
        return this;
    }

    /** {@code retention.ms} of a newly created reply topic. */
    public KeelClientBuilder replyRetention(Duration retention) {
        this.replyRetention = positive(retention, "replyRetention");
        return this;
    }

    public KeelClientBuilder replyPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("replyPartitions: must be at least 1");
        }
        this.replyPartitions = partitions;
        return this;
    }

    public KeelClientBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /** Creates the reply topic when missing, starts reading it from its end, and returns the running client. */
    public KeelClient build() {
        return new KeelClient(this);
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": must be positive");
        }
        return d;
    }
}
