package dev.keel.alerts;

import dev.keel.schemas.PageEvent;

/**
 * One destination of pages. {@link #send} makes exactly one attempt and classifies its outcome; the
 * retry loop, backoff and give-up budget belong to the caller (one loop, in {@code SinkWorker}).
 * Implementations are called from one thread (the sink's worker) and must never put a secret (URL,
 * routing key, HMAC key) in an outcome's reason.
 */
public interface Sink {

    /** The configured name ({@code alerts.sinks.<name>}), used in metrics, logs and the ledger. */
    String name();

    /** One delivery attempt. Expected failures are outcomes, not exceptions. */
    SendOutcome send(PageEvent page);
}
