package dev.keel.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts each request to {@code <baseUrl>/chat/completions} of any OpenAI-compatible endpoint (Keel's gateway,
 * a peer gateway, a provider), whole or {@code stream: true}. A call succeeds on HTTP 200 with a complete answer:
 * {@code choices} in a whole body, {@code data: [DONE]} and no error event in a stream, and, where the server is
 * Keel, {@code X-Keel-Status: SUCCESS}. Latency runs to the last byte. The provider's time is unknown over HTTP;
 * the run uses the spec's known provider latency for the overhead. {@code X-Keel-Cache: HIT} counts as a cache hit.
 *
 * <p>Thread-safety: {@link #send} from one thread; the JDK client's own threads ({@code load-http-*}) complete futures.
 */
public final class HttpTarget implements LoadTarget {

    private final URI endpoint;
    private final String model;
    private final Map<String, String> headers;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param baseUrl the OpenAI base URL, e.g. {@code http://127.0.0.1:8080/v1}
     * @param apiKey  sent as {@code Authorization: Bearer}; null sends none
     * @param model   the {@code model} field
     * @param headers extra headers for every call (e.g. a peer gateway's routing config)
     */
    public HttpTarget(URI baseUrl, String apiKey, String model, Map<String, String> headers) {
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        this.endpoint = URI.create(base).resolve("chat/completions");
        this.model = model;
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        if (apiKey != null) {
            all.put("Authorization", "Bearer " + apiKey);
        }
        this.headers = Map.copyOf(all);
        this.executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("load-http-", 0).factory());
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "http " + endpoint;
    }

    @Override
    public CompletableFuture<Answer> send(LoadRequest request) {
        ObjectNode body = json.createObjectNode().put("model", model).put("max_tokens", request.maxOutputTokens());
        body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        if (request.stream()) {
            body.put("stream", true);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", request.requestId())
                .header("X-Keel-Feature", request.feature())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(http::header);
        return client.sendAsync(http.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answer(response.statusCode(), response.headers().map(), response.body(), request.stream()));
    }

    static Answer answer(int status, Map<String, List<String>> headers, String body, boolean stream) {
        if (status != 200) {
            return Answer.failure("http " + status);
        }
        String keelStatus = header(headers, "x-keel-status");
        if (keelStatus != null && !keelStatus.equals("SUCCESS")) {
            return Answer.failure(keelStatus);
        }
        boolean complete = stream ? body.contains("data: [DONE]") && !body.contains("\"error\"") : body.contains("\"choices\"");
        if (!complete) {
            return Answer.failure(stream ? "incomplete stream" : "no choices");
        }
        return Answer.success(Answer.UNKNOWN, "HIT".equals(header(headers, "x-keel-cache")));
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    @Override
    public void close() {
        client.close();
        executor.shutdownNow();
    }
}
