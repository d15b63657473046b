package dev.keel.providers.internal;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

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
            if (t instanceof HttpConnectTimeoutException) {
                return "connect timeout";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            root = t;
        }
        String message = root.getMessage();
        if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("connection reset")) {
            return "connection reset";
        }
        return "io error: " + root.getClass().getSimpleName();
    }
}
