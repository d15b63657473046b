package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigPrinterTest {

    private static final String SECRET = "sk-live-DO-NOT-PRINT-1234";

    @Test
    void shouldPrintTheEffectiveConfigWithEverySecretMasked() {
        // Given
        String yaml = """
                kafka:
                  bootstrap.servers: broker:9092
                  sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required password="${SECRET}";
                  ssl.key.password: ${SECRET}
                providers:
                  primary: {kind: openai, api-key: "${SECRET}", model: m, prices: {m: {input: 1, output: 2}}}
                cache:
                  redis-uri: redis://:${SECRET}@cache:6379
                """;
        KeelConfig config = new ConfigLoader(Map.of("SECRET", SECRET)).parse(yaml, "keel.yaml", Path.of("."));

        // When
        String printed = ConfigPrinter.toYaml(config);

        // Then
        assertThat(printed).doesNotContain(SECRET).contains("api-key: '****'", "bootstrap.servers: broker:9092",
                "ttft-timeout: 2s", "latency-target: 2500ms", "period: 30d");
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.providers().primary().toString()).doesNotContain(SECRET);
    }
}
