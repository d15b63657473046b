package dev.keel.providers;

import dev.keel.config.ProviderKind;

/**
 * One provider endpoint, speaking its vendor's wire format over HTTP.
 *
 * <p>Thread-safe: one instance per provider, shared by every (virtual) thread of a worker. A call
 * never retries (the router is the only retry loop) and never throws for a provider failure: the
 * returned {@link ProviderReply#outcome()} says what happened. {@link #close()} releases the HTTP
 * client and the timeout scheduler; calls after it fail with {@code NETWORK}.
 */
public interface ProviderClient extends AutoCloseable {

    /** The provider's name in the config: {@code primary} or {@code secondary}. */
    String name();

    ProviderKind kind();

    /**
     * Sends one request and waits for its answer on the caller's thread. Returns within
     * {@code call.timeouts().total()} plus a small bounded slack; each timeout cancels the exchange
     * and releases its connection.
     */
    ProviderReply call(ProviderCall call);

    /**
     * {@link #call(ProviderCall)}, telling {@code listener} when the first token arrives. Interrupting the
     * calling thread cancels the exchange (the reply is then {@code NETWORK}, detail {@code interrupted} or the
     * I/O failure's class). A client that cannot tell when its first token arrives keeps this default, which
     * never calls the listener.
     */
    default ProviderReply call(ProviderCall call, CallListener listener) {
        return call(call);
    }

    @Override
    void close();
}
