package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SloConfigTest {

    private static KeelConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldFillTheSeedRulesWhenAlertsAreNotConfigured() {
        // Given / When
        SloConfig slo = SloConfig.defaults();

        // Then
        assertThat(slo.alerts().p95Latency().hold()).isEqualTo(Duration.ofMinutes(15));
        assertThat(slo.alerts().successRate().hold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(slo.alerts().avgCost().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(slo.alerts().burnRateFast().factor()).isEqualTo(14.4);
        assertThat(slo.alerts().burnRateSlow().longWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(slo.alerts().burnRateTicket().severity()).isEqualTo(SloSeverity.TICKET);
        assertThat(slo.alerts().resultsAbsent().after()).isEqualTo(Duration.ofMinutes(2));
        assertThat(slo.minRequests()).isEqualTo(20);
    }

    @Test
    void shouldLayAScopeOverrideOverTheGlobalObjectivesWhenConfigured() {
        // Given
        KeelConfig config = parse("""
                slo:
                  overrides:
                    feature:legal-review: {latency-target: 5s}
                  alerts:
                    p95-latency: {window: 5m, for: 10m, min-requests: 3}
                """);

        // When
        SloObjectives legal = config.slo().objectivesFor("feature:legal-review");

        // Then
        assertThat(legal.latencyTarget()).isEqualTo(Duration.ofSeconds(5));
        assertThat(legal.successRate()).isEqualTo(0.995);
        assertThat(config.slo().objectivesFor("feature:other").latencyTarget()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.slo().alerts().p95Latency().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.slo().alerts().p95Latency().hold()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.slo().alerts().p95Latency().minRequests()).isEqualTo(3);
    }

    @Test
    void shouldNameTheKeyWhenAnOverrideIsNotAScope() {
        assertThatThrownBy(() -> parse("slo:\n  overrides:\n    acme: {success-rate: 0.99}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slo.overrides.acme: not a scope");
    }

    @Test
    void shouldNameTheKeyWhenAHoldIsNotWholeMinutes() {
        assertThatThrownBy(() -> parse("slo:\n  alerts:\n    success-rate: {for: 90s}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keel.yaml:3: slo.alerts.success-rate.for: must be whole minutes");
    }
}
