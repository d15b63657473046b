package dev.keel.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A process's Prometheus endpoint on the JDK HTTP server: {@code GET /metrics} (text exposition
 * format) and {@code GET /health}. Served on virtual threads from {@link #start} to {@link #close}.
 * The SLO app serves {@code /metrics} on its status server instead (see {@link #handler}).
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The content type of Prometheus' text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOGGER = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (0: any free port) and serves {@code registry}. */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics endpoint to " + host + ":" + port
                    + " (metrics.worker-port; 0 takes any free port)", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> handler(exchange, registry::scrape));
        server.createContext("/health", exchange -> respond(exchange, 200, "ok\n", "text/plain; charset=utf-8"));
        server.start();
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor);
        LOGGER.info("Metrics endpoint listening uri={}/metrics", endpoint.uri());
        return endpoint;
    }

    /** Answers one {@code GET /metrics} exchange with {@code scrape}'s text; other methods get 405. */
    public static void handler(HttpExchange exchange, java.util.function.Supplier<String> scrape) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "use GET\n", "text/plain; charset=utf-8");
            return;
        }
        respond(exchange, 200, scrape.get(), CONTENT_TYPE);
    }

    private static void respond(HttpExchange exchange, int code, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The base URI ({@code http://host:port}); metrics are at {@code /metrics}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
