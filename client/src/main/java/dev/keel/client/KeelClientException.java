package dev.keel.client;

/**
 * Why a {@link KeelClient} future failed without a result. A result that arrived, whatever its
 * status (SUCCESS, FAILED, REJECTED), completes the future normally; these are the cases where no
 * result could be delivered. Messages carry the request id, never prompt text or a secret.
 */
public abstract sealed class KeelClientException extends RuntimeException
        permits KeelClientException.Overloaded, KeelClientException.TimedOut,
        KeelClientException.PublishFailed, KeelClientException.Closed, KeelClientException.DuplicateRequestId {

    private final String requestId;

    KeelClientException(String requestId, String message, Throwable cause) {
        super(message, cause);
        this.requestId = requestId;
    }

    /** The request this failure belongs to. */
    public String requestId() {
        return requestId;
    }

    /** Too many requests are waiting for a result: nothing was published; retry later or shed load. */
    public static final class Overloaded extends KeelClientException {
        public Overloaded(String requestId, int maxPending) {
            super(requestId, "request_id " + requestId + " not sent: " + maxPending + " requests are already waiting (max-pending)", null);
        }
    }

    /** The request was published but no result came back in time; a result arriving later is dropped and counted. */
    public static final class TimedOut extends KeelClientException {
        public TimedOut(String requestId, long waitedMs) {
            super(requestId, "no result for request_id " + requestId + " within " + waitedMs + " ms", null);
        }
    }

    /** Kafka did not accept the request; no worker will answer it. */
    public static final class PublishFailed extends KeelClientException {
        public PublishFailed(String requestId, Throwable cause) {
            super(requestId, "request_id " + requestId + " not published: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    /** The client was closed before the result came back (or before the request was submitted). */
    public static final class Closed extends KeelClientException {
        public Closed(String requestId) {
            super(requestId, "client closed while request_id " + requestId + " was waiting", null);
        }
    }

    /** The same request id is already waiting on this client: one future per request id. */
    public static final class DuplicateRequestId extends KeelClientException {
        public DuplicateRequestId(String requestId) {
            super(requestId, "request_id " + requestId + " is already waiting on this client", null);
        }
    }
}
