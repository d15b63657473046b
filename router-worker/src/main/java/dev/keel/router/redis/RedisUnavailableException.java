package dev.keel.router.redis;

/**
 * Redis gave no usable answer: not connected, no reply within the timeout, or an error reply. Callers
 * catch it and fail open (cache miss, ledger fallback). Its message names the endpoint as host:port and
 * never the URI, which can carry a password.
 */
public final class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
