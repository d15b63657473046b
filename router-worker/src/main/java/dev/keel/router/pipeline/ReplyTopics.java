package dev.keel.router.pipeline;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a request's {@code reply_to} topic exists, asked before its copy joins a transaction: a
 * send to a missing topic would block the poll thread and abort every other result with it. Answers
 * are kept for a while (a missing topic is asked again sooner than a present one). Called from handler
 * threads; the lookup blocks for at most the metadata producer's {@code max.block.ms}. Thread-safe.
 */
public final class ReplyTopics {

    static final Duration PRESENT_FOR = Duration.ofMinutes(5);
    static final Duration MISSING_FOR = Duration.ofSeconds(30);

    private record Known(boolean exists, long until) {
    }

    private final Producer<byte[], byte[]> metadata;
    private final Clock clock;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    /** @param metadata any producer of this cluster, used only for {@code partitionsFor} */
    public ReplyTopics(Producer<byte[], byte[]> metadata, Clock clock) {
        this.metadata = metadata;
        this.clock = clock;
    }

    public boolean exists(String topic) {
        long now = clock.millis();
        Known k = known.get(topic);
        if (k != null && now < k.until()) {
            return k.exists();
        }
        boolean exists;
        try {
            List<PartitionInfo> partitions = metadata.partitionsFor(topic);
            exists = partitions != null && !partitions.isEmpty();
        } catch (RuntimeException e) {
            exists = false;
        }
        known.put(topic, new Known(exists, now + (exists ? PRESENT_FOR : MISSING_FOR).toMillis()));
        return exists;
    }
}
