package dev.keel.providers.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.ProviderConfig;
import dev.keel.config.Secret;
import dev.keel.providers.ProviderClient;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/** Builds an {@link HttpProviderClient} with its own HTTP client and watchdog thread. */
public final class ProviderClientFactory {

    // One shared buffer pool: Jackson's default keeps buffers per thread, and every call runs on a new virtual thread.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());

    private ProviderClientFactory() {
    }

    public static ProviderClient create(String name, ProviderConfig config, Supplier<Secret> apiKey,
                                        InstantSource clock, Duration connectTimeout) {
        WireProtocol protocol = switch (config.kind()) {
            case OPENAI -> new OpenAiProtocol(JSON);
            case ANTHROPIC -> new AnthropicProtocol(JSON, config.anthropicVersion(), config.promptCacheTtl());
        };
        rejectUnsendableHeaders(config, protocol);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("keel-provider-" + name + "-http-", 0).factory());
        HttpClient http = HttpClient.newBuilder()
                // h2 over TLS via ALPN; plain http stays on HTTP/1.1 (no h2c upgrade dance with local servers)
                .version("https".equals(config.baseUrl().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("keel-provider-" + name + "-watchdog").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        Runnable onClose = () -> {
            http.shutdownNow();
            scheduler.shutdownNow();
            executor.shutdownNow();
        };
        return new HttpProviderClient(name, config, protocol, apiKey, clock, http, scheduler, JSON, onClose);
    }

    /** Fails at start, not on the first call, when a configured extra header cannot be sent. */
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
