package dev.keel.export.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results read and not yet accepted by the backend: their spans, and per partition the offset
 * to commit once they are. Records that are not results advance the offset without spans. Used by
 * the exporter's single thread only.
 */
public final class PendingBatch {

    private record Entry(TopicPartition partition, long offset, List<SpanData> spans) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private long oldestAt = Long.MAX_VALUE;

    public void add(TopicPartition partition, long offset, List<SpanData> spans, long nowMs) {
        entries.add(new Entry(partition, offset, List.copyOf(spans)));
        oldestAt = Math.min(oldestAt, nowMs);
    }

    public void skip(TopicPartition partition, long offset, long nowMs) {
        add(partition, offset, List.of(), nowMs);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Records held (results and skipped ones). */
    public int size() {
        return entries.size();
    }

    /** Results held. */
    public int results() {
        return (int) entries.stream().filter(e -> !e.spans().isEmpty()).count();
    }

    public boolean olderThan(long cutoffMs) {
        return !entries.isEmpty() && oldestAt <= cutoffMs;
    }

    public List<SpanData> spans() {
        List<SpanData> all = new ArrayList<>();
        entries.forEach(e -> all.addAll(e.spans()));
        return all;
    }

    /** Per partition, the offset after the last record held. */
    public Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Entry e : entries) {
            offsets.merge(e.partition(), new OffsetAndMetadata(e.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    public void drop(Collection<TopicPartition> partitions) {
        entries.removeIf(e -> partitions.contains(e.partition()));
        if (entries.isEmpty()) {
            oldestAt = Long.MAX_VALUE;
        }
    }

    public void clear() {
        entries.clear();
        oldestAt = Long.MAX_VALUE;
    }
}
