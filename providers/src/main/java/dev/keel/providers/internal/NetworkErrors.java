package dev.keel.providers.internal;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Names a transport failure without its message (messages can carry hosts and, from some libraries,
 * request lines): the root cause's class, plus a fixed phrase for the common cases.
 */
final class NetworkErrors {

    private NetworkErrors() {
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException && lower(t.getMessage()).contains("connect")) { // Jetty: "Connect Timeout"
                return "connect timeout";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            // A pooled connection the peer dropped: under our write (ClosedChannelException), or closed by Jetty's
            // selector, which saw the reset first, while our read or write was under way (AsynchronousCloseException).
            // A close of our own (a deadline's abort) is classified by the deadline, never by this detail.
            if (t.getClass() == ClosedChannelException.class || t instanceof AsynchronousCloseException) {
                return "connection reset";
            }
            root = t;
        }
        String message = lower(root.getMessage());
        if (message.contains("connection reset") || message.contains("broken pipe")) { // a write after the peer's reset
            return "connection reset";
        }
        return "io error: " + root.getClass().getSimpleName();
    }

    private static String lower(String message) {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
