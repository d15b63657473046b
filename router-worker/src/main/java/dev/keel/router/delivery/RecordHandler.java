package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one request record completely: when {@link #handle} returns, the record's outcome (a
 * result, or a DLQ entry) is acknowledged by Kafka and its offset may be committed. Throwing means
 * "not done": the offset stays uncommitted and the record is delivered again after a restart or
 * rebalance. Called concurrently from virtual threads.
 */
@FunctionalInterface
public interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record, Lane lane) throws Exception;
}
