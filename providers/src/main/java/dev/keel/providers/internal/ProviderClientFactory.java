package dev.keel.providers.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.ProviderConfig;
import dev.keel.config.Secret;
import dev.keel.providers.ProviderClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/** Builds an {@link HttpProviderClient} with its own HTTP client (Jetty, HTTP/1.1) and watchdog thread. */
public final class ProviderClientFactory {

    // One shared buffer pool: Jackson's default keeps buffers per thread, and every call runs on a new virtual thread.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());

    /**
     * Connections to one provider: as many as the worker may have calls in flight (WorkerConfig's ceiling), so
     * HTTP/1.1's one exchange per connection never queues an admitted call behind another, as with the JDK client.
     */
    static final int MAX_CONNECTIONS = 100_000;
    /** How long an idle pooled connection is kept (the JDK client's keep-alive default). */
    static final Duration POOLED_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Threads that run the selector and the client's callbacks. They never block on a call (the caller's virtual
     * thread reads the body), so a few suffice; the headroom is for DNS look-ups, which do block.
     */
    private static final int MAX_THREADS = 16;

    private ProviderClientFactory() {
    }

    public static ProviderClient create(String name, ProviderConfig config, Supplier<Secret> apiKey,
                                        InstantSource clock, Duration connectTimeout) {
        WireProtocol protocol = switch (config.kind()) {
            case OPENAI -> new OpenAiProtocol(JSON);
            case ANTHROPIC -> new AnthropicProtocol(JSON, config.anthropicVersion(), config.promptCacheTtl());
        };
        rejectUnsendableHeaders(config, protocol);
        HttpClient http = jetty("keel-provider-" + name + "-http", connectTimeout);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("keel-provider-" + name + "-watchdog").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        Runnable onClose = () -> {
            try {
                http.stop();
            } catch (Exception e) {
                // stopping aborts the exchanges in flight; nothing is left to release
            }
            scheduler.shutdownNow();
        };
        return new HttpProviderClient(name, config, protocol, apiKey, clock, http, scheduler, JSON, onClose);
    }

    private static HttpClient jetty(String threadName, Duration connectTimeout) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName(threadName);
        threads.setDaemon(true);
        ClientConnector connector = new ResetReportingConnector();
        connector.setSelectors(1);
        connector.setExecutor(threads);
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler(threadName + "-timer", true);
        connector.setScheduler(timer);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setScheduler(timer);
        http.setConnectTimeout(connectTimeout.toMillis());
        http.setIdleTimeout(POOLED_IDLE_TIMEOUT.toMillis());
        http.setFollowRedirects(false);
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(MAX_CONNECTIONS);
        // like the JDK client: no Accept-Encoding, the body arrives as sent (a compressed stream would buffer tokens)
        http.getContentDecoderFactories().clear();
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client failed to start", e);
        }
        // no redirects, no 100-continue, no WWW-Authenticate challenge (start() installs them): a 3xx or a 401 is
        // an answer to classify, not a step to take
        http.getProtocolHandlers().clear();
        return http;
    }

    /**
     * Fails at start, not on the first call, when a configured extra header cannot be sent. The JDK's request
     * builder is the validator: it rejects what HTTP forbids (bad names, CR/LF in values) and the headers the
     * transport owns (Host, Content-Length, Connection, ...).
     */
    private static void rejectUnsendableHeaders(ProviderConfig config, WireProtocol protocol) {
        HttpRequest.Builder probe = HttpRequest.newBuilder(protocol.endpoint(config.baseUrl()));
        config.headers().forEach((header, value) -> {
            try {
                probe.header(header, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("provider header '" + header + "' cannot be sent: " + e.getMessage(), e);
            }
        });
        config.secretHeaders().forEach((header, value) -> {
            try {
                probe.header(header, value.reveal());
            } catch (IllegalArgumentException e) {
                // the JDK's message quotes the value: name the header only
                throw new IllegalArgumentException("provider secret header '" + header + "' cannot be sent (bad name or value)");
            }
        });
    }
}
