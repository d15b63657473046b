package dev.keel.slo.internal;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns an input record into an {@link Observation} at the record's extracted event time, for the
 * intake of its source partition. Null values (tombstones, skipped records) are dropped.
 */
public final class ObservationMapper<V> extends ContextualProcessor<String, V, String, Observation> {

    /** The key of every observation (the intake re-keys by scope). */
    public static final String KEY = "slo";

    private final ToObservation<V> toObservation;

    /** How an input value becomes an observation, given its event time and source partition. */
    @FunctionalInterface
    public interface ToObservation<V> {
        Observation apply(V value, long eventTime, int sourcePartition);
    }

    public ObservationMapper(ToObservation<V> toObservation) {
        this.toObservation = toObservation;
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() != null) {
            int partition = context().recordMetadata().map(RecordMetadata::partition).orElse(-1);
            context().forward(new Record<>(KEY, toObservation.apply(record.value(), record.timestamp(), partition), record.timestamp()));
        }
    }
}
