package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerDeliveryConfigTest {

    private static KeelConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldDeliverExactlyOnceEveryHundredMillisecondsByDefault() {
        KeelConfig config = parse("");

        assertThat(config.worker().delivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.worker().commitInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldReadAtLeastOnce() {
        KeelConfig config = parse("worker:\n  delivery: at-least-once\n  commit-interval: 500ms\n");

        assertThat(config.worker().delivery()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.worker().commitInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldListTheDeliveryChoicesWhenTheValueIsUnknown() {
        assertThatThrownBy(() -> parse("worker:\n  delivery: exactly-twice\n"))
                .hasMessage("keel.yaml:2: worker.delivery: expected one of exactly-once, at-least-once, got 'exactly-twice'");
    }

    @Test
    void shouldRefuseACommitIntervalThatWouldHoldResultsBackTooLong() {
        assertThatThrownBy(() -> parse("worker:\n  commit-interval: 30s\n"))
                .hasMessage("keel.yaml:2: worker.commit-interval: must be at most 10s");
    }

    @Test
    void shouldSlowStartForTenSecondsByDefaultAndReadTheSetting() {
        assertThat(parse("").worker().slowStart()).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("worker:\n  slow-start: 0s\n").worker().slowStart()).isEqualTo(Duration.ZERO);
        assertThat(parse("worker:\n  slow-start: 30s\n").worker().slowStart()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRefuseANegativeSlowStart() {
        assertThatThrownBy(() -> parse("worker:\n  slow-start: 20m\n"))
                .hasMessage("keel.yaml:2: worker.slow-start: must be between 0s and 10m");
    }
}
