package dev.keel.gateway.internal;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET /api/status}: the SLO app's status JSON, fetched by the gateway so the console needs no
 * CORS and no second origin. An unreachable SLO app is a 502 with a JSON reason. Thread-safe.
 */
public final class StatusProxy {

    private static final Logger LOGGER = LoggerFactory.getLogger(StatusProxy.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final URI status;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public StatusProxy(String baseUrl) {
        this.status = URI.create(baseUrl.replaceAll("/+$", "") + "/status");
    }

    public URI target() {
        return status;
    }

    public void handle(Response response, Callback callback) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(status).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpIo.send(response, callback, answer.statusCode() == 200 ? 200 : 502, HttpIo.JSON,
                    answer.statusCode() == 200 ? answer.body()
                            : "{\"error\":\"the SLO status endpoint answered " + answer.statusCode() + "\"}");
        } catch (IOException e) {
            LOGGER.debug("SLO status unreachable uri={}: {}", status, e.toString());
            HttpIo.send(response, callback, 502, HttpIo.JSON,
                    "{\"error\":\"the SLO status endpoint at " + status + " is unreachable (" + e.getClass().getSimpleName() + ")\"}");
        }
    }
}
