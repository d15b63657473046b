package dev.keel.slo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keel.metrics.MetricsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The SLO app's HTTP face (JDK server, no framework): {@code GET /status} returns the
 * {@link StatusSnapshot} as JSON (503 with {@code {"error": ...}} while there is none),
 * {@code GET /status?local=true} answers from this instance only (used between instances), and
 * {@code GET /health} says whether the app runs, and {@code GET /metrics} serves the Prometheus text
 * format when a scrape is given (404 otherwise). Requests are served on virtual threads; the server
 * lives from {@link #start} to {@link #close}.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts serving. */
    public static StatusServer start(String host, int port, StatusSource source, BooleanSupplier healthy) {
        return start(host, port, source, healthy, null);
    }

    /** As {@link #start(String, int, StatusSource, BooleanSupplier)}, with {@code /metrics} answered by {@code metrics} (null: none). */
    public static StatusServer start(String host, int port, StatusSource source, BooleanSupplier healthy, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the SLO status endpoint to " + host + ":" + port, e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/status", exchange -> handleStatus(exchange, source));
        server.createContext("/health", exchange -> respond(exchange, healthy.getAsBoolean() ? 200 : 503,
                healthy.getAsBoolean() ? "ok\n" : "not running\n", "text/plain"));
        if (metrics != null) {
            server.createContext("/metrics", exchange -> MetricsEndpoint.handler(exchange, metrics));
        }
        server.start();
        StatusServer started = new StatusServer(server, executor);
        LOGGER.info("SLO status endpoint listening uri={}", started.uri());
        return started;
    }

    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handleStatus(HttpExchange exchange, StatusSource source) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"use GET\"}", "application/json");
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        boolean local = query != null && query.contains("local=true");
        StatusReading reading;
        try {
            reading = local ? source.readLocal() : source.read();
        } catch (RuntimeException e) {
            LOGGER.warn("status read failed reason={}", e.toString());
            LOGGER.debug("status read failure", e);
            reading = new StatusReading.Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        switch (reading) {
            case StatusReading.Ready ready -> respond(exchange, 200, json(ready.snapshot()), "application/json");
            case StatusReading.Unavailable unavailable ->
                    respond(exchange, 503, json(Map.of("error", unavailable.reason())), "application/json");
        }
    }

    private static String json(Object value) {
        try {
            return StatusSnapshot.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status records always serialize", e);
        }
    }

    private static void respond(HttpExchange exchange, int code, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
