package dev.keel.router.delivery;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What finishing one request record produces. The handler builds it; the delivery layer publishes it
 * (in a transaction with the record's offset under exactly-once) and only then counts the offset as
 * done.
 */
public sealed interface Outcome {

    /**
     * Records to publish: a result and its {@code reply_to} copy, or a DLQ entry.
     *
     * @param fallback what to publish instead when these records cannot be written (too large, a topic
     *                 refused them) after the bounded retries, made only then (it is rarely needed, and a
     *                 result's fallback costs a copy and an encoding); null when there is nothing smaller
     * @param settled  called on the poll thread once: true when the records are committed, false when the
     *                 outcome was dropped (its partition went to another worker, which answers it)
     */
    record Publish(String requestId, List<ProducerRecord<byte[], byte[]>> records, Supplier<Publish> fallback,
                   Consumer<Boolean> settled) implements Outcome {
        public Publish {
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("a Publish outcome needs at least one record");
            }
            settled = settled == null ? ignored -> { } : settled;
        }

        public Publish(String requestId, List<ProducerRecord<byte[], byte[]>> records, Supplier<Publish> fallback) {
            this(requestId, records, fallback, null);
        }
    }

    /** Nothing to publish (a duplicate of a request this worker answered); the offset is done. */
    record Nothing(String reason) implements Outcome {
        public Nothing {
            Objects.requireNonNull(reason);
        }
    }
}
