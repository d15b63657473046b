package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one request record into its {@link Outcome}; publishing is the delivery layer's job. Called
 * concurrently from virtual threads. A thrown exception is retried a bounded number of times
 * ({@link RequestConsumer#HANDLER_ATTEMPTS}), then {@link #giveUp} answers the record, so no record
 * ever holds its partition back.
 */
public interface RecordHandler {

    Outcome handle(ConsumerRecord<byte[], byte[]> record, Lane lane) throws Exception;

    /** The answer for a record whose handling kept failing (a FAILED result, or a DLQ entry). Must not throw. */
    Outcome giveUp(ConsumerRecord<byte[], byte[]> record, Lane lane, Exception cause);
}
