package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsAndExportConfigTest {

    private static KeelConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldServeMetricsOnLoopbackWithoutTenantTagsWhenNothingIsSet() {
        MetricsConfig metrics = parse("", Map.of()).metrics();

        assertThat(metrics.enabled()).isTrue();
        assertThat(metrics.host()).isEqualTo("127.0.0.1");
        assertThat(metrics.workerPort()).isEqualTo(MetricsConfig.DEFAULT_WORKER_PORT);
        assertThat(metrics.tenantTags()).isFalse();
    }

    @Test
    void shouldNameTheLineOfABadMetricsPort() {
        String yaml = """
                metrics:
                  worker-port: 70000
                """;

        assertThatThrownBy(() -> parse(yaml, Map.of()))
                .hasMessage("keel.yaml:2: metrics.worker-port: must be a port number (0 = any free port)");
    }

    @Test
    void shouldRefuseAPublicKeyWithoutItsSecretKey() {
        String yaml = """
                export:
                  enabled: true
                  public-key: pk-lf-1
                """;

        assertThatThrownBy(() -> parse(yaml, Map.of()))
                .hasMessageContaining("export.secret-key: public-key and secret-key go together");
    }

    @Test
    void shouldRefuseAnAuthorizationHeaderAmongThePlainOnes() {
        String yaml = """
                export:
                  headers: {Authorization: Basic abc}
                """;

        assertThatThrownBy(() -> parse(yaml, Map.of())).hasMessageContaining("export.headers.Authorization: credentials belong in");
    }

    @Test
    void shouldReadLangfuseSettingsAndMaskTheSecretWhenPrinted() {
        String yaml = """
                export:
                  enabled: true
                  endpoint: https://cloud.langfuse.com/api/public/otel
                  public-key: pk-lf-1
                  secret-key: ${LANGFUSE_SECRET_KEY}
                  content-features: [summarize]
                """;

        KeelConfig config = parse(yaml, Map.of("LANGFUSE_SECRET_KEY", "sk-lf-secret-99"));

        assertThat(config.export().secretKey().reveal()).isEqualTo("sk-lf-secret-99");
        assertThat(config.export().exportsContentOf("summarize")).isTrue();
        assertThat(config.export().exportsContentOf("chat")).isFalse();
        assertThat(ConfigPrinter.toYaml(config)).doesNotContain("sk-lf-secret-99").contains("public-key: pk-lf-1");
    }

    @Test
    void shouldSendNoSecretHeaderWhenItsVariableIsEmpty() {
        String yaml = """
                providers:
                  primary:
                    kind: openai
                    model: m
                    prices: {m: {input: 1, output: 2}}
                    secret-headers: {Helicone-Auth: "${HELICONE_AUTH:-}"}
                """;

        assertThat(parse(yaml, Map.of()).providers().primary().secretHeaders()).isEmpty();
        assertThat(parse(yaml, Map.of("HELICONE_AUTH", "Bearer x")).providers().primary().secretHeaders()).containsKey("Helicone-Auth");
    }
}
