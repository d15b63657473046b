package dev.keel.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keel.sim.Faults;
import dev.keel.sim.Latency;
import dev.keel.sim.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP API of one simulator, on its own port so an outage can close the provider port while
 * the admin API keeps answering. JSON in and out, snake_case fields; see provider-sim/README.md.
 * Plain request/response traffic, so the JDK's HttpServer (virtual threads) serves it.
 */
public final class AdminApi implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final SimEngine engine;
    private final HttpServer server;
    private final ExecutorService executor;

    private AdminApi(SimEngine engine, HttpServer server) {
        this.engine = engine;
        this.server = server;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/admin", this::handle);
    }

    public static AdminApi start(SimEngine engine, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        AdminApi api = new AdminApi(engine, server);
        server.start();
        return api;
    }

    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/admin");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath().replaceAll("/+$", "");
            Protocol protocol = protocol(exchange.getRequestURI().getQuery());
            switch (route) {
                case "GET /admin", "GET /admin/state" -> { }
                case "POST /admin/faults" -> patchFaults(protocol, body(exchange));
                case "DELETE /admin/faults" -> engine.setFaults(protocol, Faults.NONE);
                case "POST /admin/latency" -> engine.setLatency(merge(engine.latency(), body(exchange), Latency.class));
                case "POST /admin/outage" -> engine.outage(requiredBoolean(body(exchange), "down"));
                case "POST /admin/keys/revoke" -> engine.revokeKeys();
                case "POST /admin/keys" -> acceptKey(body(exchange));
                case "POST /admin/reset" -> engine.reset();
                default -> {
                    send(exchange, 404, error("no route " + route + "; see provider-sim/README.md"));
                    return;
                }
            }
            LOGGER.info("sim admin name={} route=\"{}\" protocol={}", engine.settings().name(), route,
                    protocol == null ? "both" : protocol.name().toLowerCase(Locale.ROOT));
            send(exchange, 200, state());
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOGGER.warn("sim admin request failed name={} error={}", engine.settings().name(), e.toString());
            LOGGER.debug("sim admin failure", e);
            send(exchange, 500, error("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void patchFaults(Protocol protocol, JsonNode patch) {
        if (protocol == null) {
            engine.setFaults(Protocol.OPENAI, merge(engine.faults(Protocol.OPENAI), patch, Faults.class));
            engine.setFaults(Protocol.ANTHROPIC, merge(engine.faults(Protocol.ANTHROPIC), patch, Faults.class));
        } else {
            engine.setFaults(protocol, merge(engine.faults(protocol), patch, Faults.class));
        }
    }

    private void acceptKey(JsonNode body) {
        JsonNode key = body.get("accept");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw new IllegalArgumentException("body needs {\"accept\": \"<key>\"} (and optionally \"replace\": true)");
        }
        engine.acceptKey(key.asText(), body.path("replace").asBoolean(false));
    }

    /** Overlays the patch's fields on the current value; unknown fields and bad values are rejected. */
    static <T> T merge(T current, JsonNode patch, Class<T> type) {
        ObjectNode merged = JSON.valueToTree(current);
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (!merged.has(field.getKey())) {
                throw new IllegalArgumentException("unknown field '" + field.getKey() + "'; known: " + fieldNames(merged));
            }
            merged.set(field.getKey(), field.getValue());
        }
        try {
            return JSON.treeToValue(merged, type);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(root instanceof IllegalArgumentException ? root.getMessage() : "bad value: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String fieldNames(ObjectNode node) {
        StringBuilder names = new StringBuilder();
        node.fieldNames().forEachRemaining(n -> names.append(names.isEmpty() ? "" : ", ").append(n));
        return names.toString();
    }

    private static boolean requiredBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException("body needs {\"" + field + "\": true|false}");
        }
        return value.asBoolean();
    }

    private static Protocol protocol(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("protocol=")) {
                String value = pair.substring("protocol=".length()).toLowerCase(Locale.ROOT);
                return switch (value) {
                    case "openai" -> Protocol.OPENAI;
                    case "anthropic" -> Protocol.ANTHROPIC;
                    case "both", "" -> null;
                    default -> throw new IllegalArgumentException("protocol must be openai, anthropic or both");
                };
            }
        }
        return null;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON");
        }
    }

    /** The current state; keys are described by count only. */
    ObjectNode state() {
        ObjectNode state = JSON.createObjectNode();
        state.put("name", engine.settings().name());
        state.put("port", engine.port());
        state.put("down", engine.isDown());
        state.put("keys", engine.describeKeys());
        state.put("seed", engine.settings().seed());
        state.set("latency", JSON.valueToTree(engine.latency()));
        ObjectNode faults = state.putObject("faults");
        faults.set("openai", JSON.valueToTree(engine.faults(Protocol.OPENAI)));
        faults.set("anthropic", JSON.valueToTree(engine.faults(Protocol.ANTHROPIC)));
        state.set("stats", JSON.valueToTree(engine.stats()));
        return state;
    }

    private static ObjectNode error(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("error", message == null ? "bad request" : message);
        return error;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
