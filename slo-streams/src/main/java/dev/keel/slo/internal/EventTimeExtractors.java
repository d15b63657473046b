package dev.keel.slo.internal;

import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of the inputs: {@code completed_at} of a result, {@code created_at} of a request; the
 * record timestamp when the field is unset (0) or the value could not be read.
 */
public final class EventTimeExtractors {

    private EventTimeExtractors() {
    }

    public static TimestampExtractor completedAt() {
        return (ConsumerRecord<Object, Object> record, long partitionTime) ->
                record.value() instanceof PromptResult r && r.getCompletedAt() > 0 ? r.getCompletedAt() : fallback(record, partitionTime);
    }

    public static TimestampExtractor createdAt() {
        return (ConsumerRecord<Object, Object> record, long partitionTime) ->
                record.value() instanceof PromptRequest r && r.getCreatedAt() != null && r.getCreatedAt() > 0 ? r.getCreatedAt() : fallback(record, partitionTime);
    }

    private static long fallback(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
