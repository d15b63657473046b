package dev.keel.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final Path HERE = Path.of(".");

    private static KeelConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml, "keel.yaml", HERE);
    }

    private static KeelConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    @Test
    void shouldRunOnEmbeddedDefaultsWhenTheFileIsEmpty() {
        KeelConfig config = parse("");

        assertThat(config.kafka().isEmbedded()).isTrue();
        assertThat(config.topics().requests()).isEqualTo("llm.requests");
        assertThat(config.topics().control()).isEqualTo("keel.control");
        assertThat(config.routing().ttftTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.providers().isConfigured()).isFalse();
        assertThat(config.slo().objectives().successRate()).isEqualTo(0.995);
        assertThat(config.routing().bypass()).isFalse();
    }

    @Test
    void shouldReadTheCommentedSampleAtTheRepositoryRoot() throws IOException {
        // Given
        String sample = Files.readString(Path.of("../keel.example.yaml"));

        // When
        KeelConfig config = parse(sample, Map.of("OPENAI_API_KEY", "sk-test-123"));

        // Then
        assertThat(config.providers().primary().kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(config.providers().primary().apiKey().reveal()).isEqualTo("sk-test-123");
        assertThat(config.providers().secondary().priceOf("claude-haiku-4-5").cacheWrite1h()).isEqualByComparingTo("2.00");
        assertThat(config.providers().weightOf("secondary")).isEqualTo(1);
        assertThat(config.budget().tenants().get("acme").limitUsd()).isEqualByComparingTo("500");
        assertThat(config.budget().degrade()).containsExactly(DegradeStep.TRUNCATE_CONTEXT, DegradeStep.CHEAPER_MODEL, DegradeStep.CACHED_RESPONSE);
        assertThat(config.cache().usesRedis()).isFalse();
        assertThat(config.kafka().isEmbedded()).isTrue();
        assertThat(config.slo().objectives().latencyTarget()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldNameTheLineAndTheKnownKeysOfAnUnknownKey() {
        String yaml = """
                routing:
                  strategy: ordered
                  tffd-timeout: 2s
                """;

        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keel.yaml:3: routing.tffd-timeout: unknown key (known: ")
                .hasMessageContaining("ttft-timeout");
    }

    @Test
    void shouldNameTheLineOfABadDuration() {
        String yaml = """
                slo:
                  window: 1m

                routing:
                  ttft-timeout: 2 seconds
                """;

        assertThatThrownBy(() -> parse(yaml))
                .hasMessage("keel.yaml:5: routing.ttft-timeout: bad duration '2 seconds': expected a duration such as 500ms, 2s, 15m, 1h, 30d or PT2S");
    }

    @Test
    void shouldRefuseADurationWithoutAUnit() {
        assertThatThrownBy(() -> parse("routing:\n  idle-timeout: 5\n"))
                .hasMessageStartingWith("keel.yaml:2: routing.idle-timeout: bad duration '5'");
    }

    @Test
    void shouldNameAMissingRequiredValueAtItsSection() {
        String yaml = """
                providers:
                  primary:
                    kind: openai
                    prices: {gpt-x: {input: 1, output: 2}}
                """;

        assertThatThrownBy(() -> parse(yaml)).hasMessage("keel.yaml:2: providers.primary.model: missing required value");
    }

    @Test
    void shouldNameTheLineOfAValueTheRecordRefuses() {
        String yaml = """
                providers:
                  primary:
                    kind: openai
                    model: gpt-x
                    prices: {gpt-x: {input: 1, output: 2}}
                    prompt-cache-ttl: 10m
                """;

        assertThatThrownBy(() -> parse(yaml)).hasMessage(
                "keel.yaml:6: providers.primary.prompt-cache-ttl: must be 5m or 1h (the TTLs Anthropic offers)");
    }

    @Test
    void shouldListTheChoicesOfAnEnum() {
        assertThatThrownBy(() -> parse("routing:\n  strategy: random\n"))
                .hasMessage("keel.yaml:2: routing.strategy: expected one of ordered, weighted, got 'random'");
    }

    @Test
    void shouldRefuseAWrongKindOfValue() {
        assertThatThrownBy(() -> parse("worker:\n  max-in-flight: many\n"))
                .hasMessage("keel.yaml:2: worker.max-in-flight: expected a whole number");
    }

    @Test
    void shouldNameTheLineOfAListItem() {
        assertThatThrownBy(() -> parse("budget:\n  degrade:\n    - truncate-context\n    - smaller-prompt\n"))
                .hasMessageStartingWith("keel.yaml:4: budget.degrade[1]: expected one of truncate-context, cheaper-model, cached-response");
    }

    @Test
    void shouldInterpolateVariablesAndDefaultsWithYamlTyping() {
        String yaml = """
                kafka:
                  bootstrap.servers: ${BROKERS}
                worker:
                  max-in-flight: ${IN_FLIGHT:-32}
                routing:
                  bypass: ${BYPASS:-false}
                  pins:
                    legal: ${LEGAL_PROVIDER:-secondary}
                """;

        KeelConfig config = parse(yaml, Map.of("BROKERS", "kafka-1:9092,kafka-2:9092", "BYPASS", "true"));

        assertThat(config.kafka().properties()).containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
        assertThat(config.kafka().isEmbedded()).isFalse();
        assertThat(config.worker().maxInFlight()).isEqualTo(32);
        assertThat(config.routing().bypass()).isTrue();
        assertThat(config.routing().pins()).containsEntry("legal", "secondary");
    }

    @Test
    void shouldRefuseAnUnsetVariableWithoutADefault() {
        assertThatThrownBy(() -> parse("cache:\n  redis-uri: ${REDIS_URL}\n", Map.of()))
                .hasMessage("keel.yaml:2: cache.redis-uri: environment variable REDIS_URL is not set (use ${REDIS_URL:-default} for a default)");
    }

    @Test
    void shouldReadASecretFromAFile(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("key.txt"), "sk-from-file\n");
        String yaml = """
                providers:
                  primary:
                    kind: anthropic
                    api-key: ${file:key.txt}
                    model: m
                    prices: {m: {input: 1, output: 5}}
                """;

        // When
        KeelConfig config = new ConfigLoader(Map.of()).parse(yaml, "keel.yaml", dir);

        // Then
        assertThat(config.providers().primary().apiKey().reveal()).isEqualTo("sk-from-file");
        assertThat(config.providers().primary().baseUrl()).hasToString("https://api.anthropic.com");
    }

    @Test
    void shouldStartInBypassWhenTheEnvironmentSaysSo() {
        assertThat(parse("", Map.of("BYPASS_ROUTER", "true")).routing().bypass()).isTrue();
        assertThat(new ConfigLoader(Map.of("BYPASS_ROUTER", "true")).resolve(null).routing().bypass()).isTrue();
        assertThatThrownBy(() -> parse("", Map.of("BYPASS_ROUTER", "maybe"))).hasMessage("BYPASS_ROUTER: expected true or false");
    }

    @Test
    void shouldRefuseInvalidYamlWithItsLine() {
        assertThatThrownBy(() -> parse("routing:\n  strategy: [ordered\n"))
                .hasMessageStartingWith("keel.yaml:3: not valid YAML");
        assertThatThrownBy(() -> parse("routing:\n  bypass: true\n  bypass: false\n"))
                .hasMessage("keel.yaml:3: routing.bypass: duplicate key (first on line 2)");
    }

    @Test
    void shouldNameAMissingFile() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Path.of("/nope/keel.yaml")))
                .hasMessage("/nope/keel.yaml: no such file");
    }

    @Test
    void shouldRefuseAPinToAProviderThatIsNotConfigured() {
        String yaml = """
                providers:
                  primary: {kind: openai, model: m, prices: {m: {input: 1, output: 2}}}
                routing:
                  pins: {legal: secondary}
                """;

        assertThatThrownBy(() -> parse(yaml)).hasMessage("keel.yaml:4: routing.pins.legal: pins to 'secondary', which is not configured");
    }

    @Test
    void shouldKeepPricesExact() {
        String yaml = """
                providers:
                  primary: {kind: openai, model: m, prices: {m: {input: 0.15, output: 0.6}}}
                """;

        assertThat(parse(yaml).providers().primary().priceOf("m").input()).isEqualTo(new BigDecimal("0.15"));
    }
}
