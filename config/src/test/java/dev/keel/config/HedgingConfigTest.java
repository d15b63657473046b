package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HedgingConfigTest {

    private static KeelConfig parse(String yaml) throws Exception {
        Path file = Files.createTempFile("keel", ".yaml");
        try {
            Files.writeString(file, yaml);
            return new ConfigLoader(Map.of()).load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldHedgeByDefault() {
        HedgingConfig hedging = KeelConfig.defaults().routing().hedging();

        assertThat(hedging.enabled()).isTrue();
        assertThat(hedging.percentile()).isEqualTo(99.5f);
        assertThat(hedging.samples()).isEqualTo(1000);
        assertThat(hedging.minDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(hedging.maxDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(hedging.maxShare()).isEqualTo(10f);
        assertThat(hedging.window()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldReadEveryKey() throws Exception {
        KeelConfig config = parse("""
                routing:
                  hedging:
                    enabled: true
                    percentile: 95
                    min-delay: 100ms
                    max-delay: 800ms
                    samples: 200
                    min-samples: 20
                    max-share: 5
                    window: 30s
                """);

        assertThat(config.routing().hedging())
                .isEqualTo(new HedgingConfig(true, 95f, Duration.ofMillis(100), Duration.ofMillis(800), 200, 20, 5f, Duration.ofSeconds(30)));
    }

    @Test
    void shouldSwitchOff() throws Exception {
        assertThat(parse("routing:\n  hedging:\n    enabled: false\n").routing().hedging().enabled()).isFalse();
    }

    @Test
    void shouldRefuseAMaximumDelayNotBelowTheTtftTimeout() {
        assertThatThrownBy(() -> parse("routing:\n  ttft-timeout: 1s\n  hedging:\n    max-delay: 1s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("routing.hedging.max-delay")
                .hasMessageContaining("must be shorter than ttft-timeout");
    }

    @Test
    void shouldRefuseAShareOutsideZeroToAHundred() {
        assertThatThrownBy(() -> parse("routing:\n  hedging:\n    max-share: 150\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max-share");
    }
}
