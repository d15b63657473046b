package dev.keel.providers;

import com.sun.net.httpserver.HttpServer;
import dev.keel.config.ConfigLoader;
import dev.keel.config.ConfigPrinter;
import dev.keel.config.KeelConfig;
import dev.keel.config.ProviderKind;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider behind a gateway (Helicone): its base URL, plain headers and secret headers reach the wire, the secret nowhere else. */
class GatewayHeadersTest {

    private static final String HELICONE_KEY = "sk-helicone-7c1e-not-for-logs";

    @Test
    void shouldSendTheGatewayHeadersAndNeverPrintTheSecretOneWhenABaseUrlPointsAtHelicone() throws Exception {
        // Given: a local stand-in for oai.helicone.ai that records headers
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            seen.put(":path", exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        gateway.start();
        try {
            String yaml = """
                    providers:
                      primary:
                        kind: openai
                        base-url: http://127.0.0.1:%d/v1
                        api-key: sk-openai-test
                        model: gpt-4o-mini
                        prices: {gpt-4o-mini: {input: 0.15, output: 0.60}}
                        headers: {Helicone-Property-App: keel}
                        secret-headers: {Helicone-Auth: "Bearer ${HELICONE_API_KEY}"}
                    """.formatted(gateway.getAddress().getPort());
            KeelConfig config = new ConfigLoader(Map.of("HELICONE_API_KEY", HELICONE_KEY)).parse(yaml, "keel.yaml", Path.of("."));

            // When
            try (ProviderClient client = ProviderClients.create("primary", config.providers().primary(), Clock.systemUTC())) {
                client.call(SimBackedClients.call(ProviderKind.OPENAI, true, CallTimeouts.defaults()));
            }

            // Then
            assertThat(seen).containsEntry(":path", "/v1/chat/completions")
                    .containsEntry("helicone-auth", "Bearer " + HELICONE_KEY)
                    .containsEntry("helicone-property-app", "keel")
                    .containsEntry("authorization", "Bearer sk-openai-test");
            assertThat(ConfigPrinter.toYaml(config)).doesNotContain(HELICONE_KEY).contains("Helicone-Auth");
            assertThat(config.toString()).doesNotContain(HELICONE_KEY);
        } finally {
            gateway.stop(0);
        }
    }
}
