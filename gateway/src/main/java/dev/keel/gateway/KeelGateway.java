package dev.keel.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.client.KeelClient;
import dev.keel.config.GatewayConfig;
import dev.keel.config.KeelConfig;
import dev.keel.gateway.internal.ApiKeys;
import dev.keel.gateway.internal.ChatCallParser;
import dev.keel.gateway.internal.ChatCompletions;
import dev.keel.gateway.internal.ConsoleAssets;
import dev.keel.gateway.internal.GatewayMetrics;
import dev.keel.gateway.internal.GatewayRoutes;
import dev.keel.gateway.internal.OpenAiJson;
import dev.keel.gateway.internal.StatusProxy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code keel gateway}: an OpenAI-compatible HTTP endpoint and the web console, on Jetty 12 with
 * every request on a virtual thread. It is a producer and consumer of Keel's topics (through a named
 * {@link KeelClient} whose reply topic is this instance's), so a call through it gets exactly the
 * routing, cache, budget, tags and SLOs of a request posted to {@code llm.requests}.
 *
 * <p>Lifecycle: {@link #start} returns once the reply topic is read and the port is bound.
 * {@link #close} refuses new calls (503 + Retry-After), lets waiting calls finish for
 * {@code gateway.shutdown-grace}, answers the rest 503 (their requests are already in Kafka and will
 * be served and measured), then stops the server: no caller is left hanging. Thread-safe.
 */
public final class KeelGateway implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(KeelGateway.class);

    private final Server server;
    private final KeelClient client;
    private final GatewayConfig config;
    private final AtomicBoolean draining;
    private final PrometheusMeterRegistry meters;

    private KeelGateway(Server server, KeelClient client, GatewayConfig config, AtomicBoolean draining, PrometheusMeterRegistry meters) {
        this.server = server;
        this.client = client;
        this.config = config;
        this.draining = draining;
        this.meters = meters;
    }

    public static KeelGateway start(KeelConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static KeelGateway start(KeelConfig config, Clock clock) {
        GatewayConfig gateway = config.gateway();
        ApiKeys keys = ApiKeys.from(gateway);
        if (keys.size() == 0) {
            LOGGER.warn("The gateway knows no API key: every call will get 401 (set gateway.keys or gateway.keys-file)");
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KeelClient client = KeelClient.builder(config).clientId(gateway.clientId()).maxPending(gateway.maxPending())
                .timeout(gateway.requestTimeout()).clock(clock).build();
        AtomicBoolean draining = new AtomicBoolean();
        try {
            ObjectMapper json = new ObjectMapper();
            OpenAiJson openAi = new OpenAiJson(json);
            GatewayMetrics metrics = new GatewayMetrics(meters);
            metrics.bind(meters, client);
            ChatCompletions completions = new ChatCompletions(gateway, keys, client, new ChatCallParser(json), openAi, metrics,
                    draining::get, clock);
            String statusUrl = gateway.sloStatusUrl() != null ? gateway.sloStatusUrl()
                    : "http://" + config.slo().statusHost() + ":" + config.slo().statusPort();
            GatewayRoutes routes = new GatewayRoutes(completions, openAi, gateway.models().keySet(), new StatusProxy(statusUrl),
                    new ConsoleAssets(), meters, () -> !draining.get(), clock.millis() / 1000);

            VirtualThreadPool threads = new VirtualThreadPool(gateway.maxPending() + 1_000);
            threads.setName("keel-gateway");
            Server server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(gateway.host());
            connector.setPort(gateway.port());
            connector.setAcceptQueueSize(4_096);
            server.addConnector(connector);
            server.setHandler(new GracefulHandler(routes));
            server.setStopTimeout(5_000);
            server.start();
            KeelGateway started = new KeelGateway(server, client, gateway, draining, meters);
            LOGGER.info("Keel gateway listening uri={} reply_topic={} keys={} models={} slo_status={}", started.uri(),
                    client.replyTopic(), keys.size(), gateway.models().keySet(), statusUrl);
            return started;
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException("the gateway did not start on " + gateway.host() + ":" + gateway.port() + ": " + e.getMessage(), e);
        }
    }

    /** The digest the gateway stores for an API key ({@code gateway.keys[].sha256}, the keys file): hex SHA-256 of its UTF-8 bytes. */
    public static String keyDigest(String apiKey) {
        return ApiKeys.sha256Hex(apiKey);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public URI uri() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    public String replyTopic() {
        return client.replyTopic();
    }

    public dev.keel.client.ClientStats clientStats() {
        return client.stats();
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        close(config.shutdownGrace());
    }

    /** Drains for up to {@code grace}, answers what is left 503, then stops. */
    public void close(Duration grace) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        LOGGER.info("Keel gateway stopping: draining waiting calls pending={} grace={}", client.stats().pending(), grace);
        client.close(grace);
        try {
            server.stop();
        } catch (Exception e) {
            LOGGER.warn("Gateway server did not stop cleanly: {}", e.toString());
        }
        meters.close();
        LOGGER.info("Keel gateway stopped");
    }
}
