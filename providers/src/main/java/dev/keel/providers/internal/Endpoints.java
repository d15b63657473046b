package dev.keel.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;

/** URL and body helpers shared by the wire protocols. */
final class Endpoints {

    private Endpoints() {
    }

    /** {@code base} + {@code path}, whether or not the base ends with a slash (query strings are kept). */
    static URI resolve(URI base, String path) {
        String b = base.toString();
        String query = "";
        int q = b.indexOf('?');
        if (q >= 0) {
            query = b.substring(q);
            b = b.substring(0, q);
        }
        return URI.create((b.endsWith("/") ? b : b + "/") + path + query);
    }

    static byte[] bytes(ObjectMapper json, ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }
}
