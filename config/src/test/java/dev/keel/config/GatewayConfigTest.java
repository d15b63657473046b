package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {

    private static final String HASH = "a".repeat(64);

    private static KeelConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldReadTheGatewaySectionWhenEveryKeyIsGiven() {
        KeelConfig config = parse("""
                gateway:
                  port: 9090
                  client-id: gw-1
                  keys-file: keys.txt
                  keys:
                    - {tenant: acme, sha256: "sha256:%s", label: acme-prod}
                  models:
                    fast: {pin: primary}
                    careful: {pin: secondary, failover: false}
                  request-timeout: 10s
                  max-pending: 500
                  default-feature: assistant
                  slo-status-url: http://127.0.0.1:8081
                  shutdown-grace: 5s
                """.formatted(HASH.toUpperCase()));

        GatewayConfig gateway = config.gateway();
        assertThat(gateway.port()).isEqualTo(9090);
        assertThat(gateway.keys()).singleElement().satisfies(k -> {
            assertThat(k.tenant()).isEqualTo("acme");
            assertThat(k.sha256()).isEqualTo(HASH);
        });
        assertThat(gateway.models()).containsOnlyKeys("fast", "careful");
        assertThat(gateway.models().get("careful").failover()).isFalse();
        assertThat(gateway.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(gateway.maxPending()).isEqualTo(500);
    }

    @Test
    void shouldOfferTheRoutedAliasWhenNoModelsAreConfigured() {
        GatewayConfig gateway = parse("gateway: {}\n").gateway();

        assertThat(gateway.models()).containsOnlyKeys(GatewayConfig.DEFAULT_MODEL_ALIAS);
        assertThat(gateway.port()).isEqualTo(GatewayConfig.DEFAULT_PORT);
    }

    @Test
    void shouldNameTheKeyAndLineWhenAHashIsMalformed() {
        assertThatThrownBy(() -> parse("gateway:\n  keys:\n    - {tenant: acme, sha256: not-a-hash}\n"))
                .hasMessageStartingWith("keel.yaml:3: gateway.keys[0].sha256: must be sha256:<64 hex digits>");
    }

    @Test
    void shouldRefuseAnUnknownGatewayKey() {
        assertThatThrownBy(() -> parse("gateway:\n  prot: 80\n")).hasMessageContaining("prot");
    }
}
