package dev.keel.gateway.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Small Jetty request/response helpers shared by the gateway's handlers. */
public final class HttpIo {

    public static final String JSON = "application/json";

    private HttpIo() {
    }

    public static void send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType.contains("charset") ? contentType : contentType + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
    }

    public static void sendError(Response response, Callback callback, OpenAiJson json, Failure failure) {
        if (failure.retryAfterSeconds() != null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(failure.retryAfterSeconds()));
        }
        send(response, callback, failure.status(), JSON, json.error(failure));
    }

    /** The body, or empty when it is larger than {@code maxBytes}. */
    public static Optional<byte[]> body(Request request, int maxBytes) throws InterruptedException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            return Optional.empty();
        }
        try {
            return Optional.of(Content.Source.asByteArrayAsync(request, maxBytes).get());
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
