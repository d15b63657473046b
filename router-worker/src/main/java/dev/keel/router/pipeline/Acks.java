package dev.keel.router.pipeline;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a producer acknowledgement on a virtual thread. */
final class Acks {

    private static final Logger LOGGER = LoggerFactory.getLogger(Acks.class);

    private Acks() {
    }

    /**
     * Blocks until the send is acknowledged. The idempotent producer already retries for
     * {@code delivery.timeout.ms}; a failure after that is surfaced as an exception so the request
     * stays unfinished (delivered again later) rather than being lost.
     */
    static RecordMetadata await(Future<RecordMetadata> send, String what) throws InterruptedException {
        try {
            return send.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RetriableException) {
                LOGGER.warn("Send to {} timed out after the producer's retries: {}", what, cause.toString());
            }
            throw new IllegalStateException("send to " + what + " failed: " + cause, cause);
        }
    }
}
