package dev.keel.sim.internal;

import java.util.Map;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param headers lower-cased names, last value wins
 */
record SimRequest(String method, String path, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name);
    }

    /** HTTP/1.1 keeps the connection unless the client said {@code Connection: close}. */
    boolean keepAlive() {
        return !"close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    }
}
