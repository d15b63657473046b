package dev.keel.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadFlagsTest {

    @Test
    void shouldReadTheDocumentedFlags() {
        // Given / When
        LoadFlags flags = LoadFlags.parse(new String[] {"--rate", "2000", "--duration", "60s", "--provider-latency", "300ms",
            "--target", "http", "--stream", "--repeat-share", "0.2", "--header", "x-portkey-config: {\"a\":1}"});

        // Then
        assertThat(flags.spec().rate()).isEqualTo(2000);
        assertThat(flags.spec().duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(flags.spec().providerLatency()).isEqualTo(Duration.ofMillis(300));
        assertThat(flags.spec().stream()).isTrue();
        assertThat(flags.spec().repeatShare()).isEqualTo(0.2);
        assertThat(flags.target()).isEqualTo("http");
        assertThat(flags.headers()).containsEntry("x-portkey-config", "{\"a\":1}");
    }

    @Test
    void shouldRefuseBadFlagsWithAMessageNamingTheFlag() {
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--duration", "60s"})).hasMessage("--rate is required");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "x"})).hasMessage("--rate must be a whole number, got 'x'");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "10", "--duration", "1h"}))
                .hasMessage("--duration must be a duration like 300ms, 60s or 2m, got '1h'");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "10", "--target", "grpc"}))
                .hasMessage("--target must be kafka or http, got 'grpc'");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "10", "--repeat-share", "1.5"}))
                .hasMessage("--repeat-share must be a number between 0 and 1, got '1.5'");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "10", "--stream"})).hasMessage("--stream needs --target http");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "10", "--target", "http", "--batch-share", "0.1"}))
                .hasMessageStartingWith("--batch-share needs --target kafka");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "10", "--bogus", "1"})).hasMessage("unknown flag --bogus");
        assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--rate", "0"})).hasMessage("rate must be 1..100000 requests/s, got 0");
    }
}
