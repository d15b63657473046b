package dev.keel.sim.internal;

import dev.keel.sim.Faults;

import java.io.IOException;
import java.util.Map;

/**
 * One request the simulator answers, once routed, authorised and parsed: where to write, in which wire format,
 * what was asked and which fault it drew. Confined to the connection's virtual thread.
 */
record Exchange(SimResponse response, Dialect dialect, String requestId, Map<String, String> headers, ChatRequest chat,
                Fault fault, Faults faults) {

    /** Writes {@code error} as the dialect's JSON error body with its status. */
    static void sendError(SimResponse response, Dialect dialect, ErrorSpec error, Map<String, String> headers, String requestId)
            throws IOException {
        response.whole(error.status(), "application/json", headers, dialect.error(error, requestId));
    }

    void sendError(ErrorSpec error, Map<String, String> withHeaders) throws IOException {
        sendError(response, dialect, error, withHeaders, requestId);
    }
}
