package dev.keel.slo.internal;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

import java.util.function.BiFunction;

/**
 * Turns an input record into an {@link Observation} at the record's extracted event time, keyed for
 * the one-partition repartition topic. Null values (tombstones, skipped records) are dropped.
 */
public final class ObservationMapper<V> extends ContextualProcessor<String, V, String, Observation> {

    /** The key every observation is repartitioned under. */
    public static final String KEY = "slo";

    private final BiFunction<V, Long, Observation> toObservation;

    public ObservationMapper(BiFunction<V, Long, Observation> toObservation) {
        this.toObservation = toObservation;
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() != null) {
            context().forward(new Record<>(KEY, toObservation.apply(record.value(), record.timestamp()), record.timestamp()));
        }
    }
}
