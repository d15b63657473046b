package dev.keel.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads every partition of one topic from its beginning on a background thread, without a consumer
 * group, and hands each record to a sink: what a dashboard, the demo's live table, a test collector or the
 * worker's control listener needs. The sink runs on the follower's thread. Owns the consumer;
 * {@link #close()} stops and closes it.
 *
 * <p>{@link #fromBeginning} reads the partitions on the caller's thread and stops at the first failure. A
 * follower built with {@link Builder#retryingFailures} survives a broker that goes away: a failing metadata
 * lookup, poll or end-offset check is logged at most every {@link #WARN_EVERY} and retried after a pause; only
 * {@link #close()} ends it. One built with {@link Builder#checkingEndEvery} compares its position with the
 * topic's end (on every poll until it first caught up, then at that interval): {@link #behind()},
 * {@link #checkedAt()}, {@link #awaitCaughtUp}.
 */
public final class TopicFollower implements AutoCloseable {

    /** How often a follower that retries failures logs them. */
    public static final Duration WARN_EVERY = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** Receives each record in partition order. */
    @FunctionalInterface
    public interface Sink {
        void accept(ConsumerRecord<byte[], byte[]> record);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Builder settings;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long behind = -1;
    private volatile long checkedAt = -1;
    private long nextCheckAt;
    private long nextWarnAt = Long.MIN_VALUE;

    private TopicFollower(Builder settings, Sink sink) {
        this.consumer = settings.consumer;
        this.topic = settings.topic;
        this.settings = settings;
        List<TopicPartition> partitions = settings.retryPause == null ? assign() : null;
        this.thread = Thread.ofPlatform().daemon().name(settings.threadName).start(() -> follow(partitions, sink));
    }

    /** Follows {@code topic} until the first failure; its partitions are read before this returns. */
    public static TopicFollower fromBeginning(Consumer<byte[], byte[]> consumer, String topic, Sink sink) {
        return following(consumer, topic).start(sink);
    }

    /** A follower of {@code topic} to configure, then {@link Builder#start}. */
    public static Builder following(Consumer<byte[], byte[]> consumer, String topic) {
        return new Builder(consumer, topic);
    }

    /** Records on the topic not yet handed to the sink at {@link #checkedAt()}; -1 before the first check. */
    public long behind() {
        return behind;
    }

    /** Epoch ms of the last successful comparison with the topic's end; -1 before the first. */
    public long checkedAt() {
        return checkedAt;
    }

    /** Waits until a check first found every record of the topic handed to the sink; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        if (settings.checkEvery == null) {
            throw new IllegalStateException("this follower does not check the topic's end (checkingEndEvery)");
        }
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void follow(List<TopicPartition> assigned, Sink sink) {
        try {
            List<TopicPartition> partitions = assigned != null ? assigned : assignRetrying();
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        sink.accept(record);
                    }
                    checkEnd(partitions);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (settings.retryPause == null) {
                        throw e;
                    }
                    warn("Following a topic failed topic=" + topic + " (retrying)", e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOGGER.error("Stopped following a topic: {}", e.toString());
        } finally {
            try {
                consumer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOGGER.debug("Follower consumer close failed topic={}: {}", topic, e.toString());
            }
            stopped.countDown();
        }
    }

    private List<TopicPartition> assign() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** Assigns every partition from the beginning, retrying while the topic's metadata cannot be read. */
    private List<TopicPartition> assignRetrying() {
        while (true) {
            try {
                return assign();
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                warn("Cannot read a followed topic's partitions topic=" + topic + " (retrying)", e);
                pause();
            }
        }
    }

    private void checkEnd(List<TopicPartition> partitions) {
        long now = settings.clock.millis();
        if (settings.checkEvery == null || (now < nextCheckAt && caughtUp.getCount() == 0)) {
            return;
        }
        nextCheckAt = now + settings.checkEvery.toMillis();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CHECK_TIMEOUT);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            lag += Math.max(0, end.getOrDefault(partition, 0L) - consumer.position(partition, CHECK_TIMEOUT));
        }
        behind = lag;
        checkedAt = settings.clock.millis();
        if (lag == 0) {
            caughtUp.countDown();
        }
    }

    /** A WARN at most every {@link #WARN_EVERY}; only the follower's thread calls it. */
    private void warn(String message, RuntimeException cause) {
        long now = settings.clock.millis();
        if (now >= nextWarnAt) {
            nextWarnAt = now + WARN_EVERY.toMillis();
            LOGGER.warn("{} cause={}", message, cause.toString());
        }
    }

    private void pause() {
        try {
            // A failed poll or end-offset lookup returns at once while the broker is away: pause so the
            // follower retries a few times a second instead of spinning a core, and keeps its thread alive.
            Thread.sleep(settings.retryPause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops following and waits up to 5 s for the thread to close the consumer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        stopped.await(5, TimeUnit.SECONDS);
    }

    /** How a follower behaves; {@link #start} builds it. Not thread-safe. */
    public static final class Builder {
        private final Consumer<byte[], byte[]> consumer;
        private final String topic;
        private String threadName;
        private Duration retryPause;
        private Duration checkEvery;
        private Clock clock = Clock.systemUTC();

        private Builder(Consumer<byte[], byte[]> consumer, String topic) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
            this.topic = Objects.requireNonNull(topic, "topic");
            this.threadName = "follow-" + topic;
        }

        public Builder threadName(String name) {
            this.threadName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Survive failures: log them (rate-limited), wait {@code pause}, try again; the partitions are read on the thread. */
        public Builder retryingFailures(Duration pause) {
            this.retryPause = Objects.requireNonNull(pause, "pause");
            return this;
        }

        /** Compare the position with the topic's end every {@code every} (and on every poll until caught up). */
        public Builder checkingEndEvery(Duration every) {
            this.checkEvery = Objects.requireNonNull(every, "every");
            return this;
        }

        /** The clock of the end checks and the warning interval. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public TopicFollower start(Sink sink) {
            return new TopicFollower(this, Objects.requireNonNull(sink, "sink"));
        }
    }
}
