package dev.keel.slo.internal;

import dev.keel.slo.SloMetrics;
import dev.keel.slo.StatusReading;
import dev.keel.slo.StatusSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SloMetrics metrics = new SloMetrics(registry);

    private static StatusSnapshot snapshot(List<StatusSnapshot.ActiveAlert> alerts) {
        StatusSnapshot.Sli sli = new StatusSnapshot.Sli(100, 98, 97, 2, 0.9898, 400.0, 2600.0, 3100.0, 0.94, 0.12, 0.0012, 10, 4);
        StatusSnapshot.ScopeStatus global = new StatusSnapshot.ScopeStatus("global", 120_000,
                new StatusSnapshot.Objectives(0.995, 2500, 0.95, 0.015), Map.of("5m", sli, "30d", sli),
                new StatusSnapshot.ErrorBudget("30d", 98, 1, 0.49, -0.51, -1.04), Map.of("1h", 2.04), alerts);
        return new StatusSnapshot(130_000, 120_000L, List.of(global), alerts, Map.of());
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void shouldExposeTheSlisBudgetBurnRatesAndAlertsWhenTheStatusIsRead() {
        StatusSnapshot.ActiveAlert alert = new StatusSnapshot.ActiveAlert("success_rate|global", "success_rate", "PAGE", "global",
                0.9898, 0.995, 60_000, "success rate under target", "slo-streams/README.md#runbooks");

        metrics.refreshStatus(new StatusReading.Ready(snapshot(List.of(alert))));

        assertThat(gauge("keel.slo.sli.success_rate", "scope", "global", "window", "30d")).isEqualTo(0.9898);
        assertThat(gauge("keel.slo.sli.latency.p95", "scope", "global", "window", "5m")).isEqualTo(2.6);
        assertThat(gauge("keel.slo.sli.avg_cost", "scope", "global", "window", "5m")).isEqualTo(0.0012);
        assertThat(gauge("keel.slo.error_budget.remaining", "scope", "global")).isEqualTo(-1.04);
        assertThat(gauge("keel.slo.burn_rate", "scope", "global", "window", "1h")).isEqualTo(2.04);
        assertThat(gauge("keel.slo.alerts.active", "rule", "success_rate", "severity", "PAGE", "scope", "global")).isEqualTo(1);
        assertThat(gauge("keel.slo.evaluated_through")).isEqualTo(120);
    }

    @Test
    void shouldDropAResolvedAlertAndKeepTheLastValuesWhenTheStatusIsUnavailable() {
        StatusSnapshot.ActiveAlert alert = new StatusSnapshot.ActiveAlert("success_rate|global", "success_rate", "PAGE", "global",
                0.9898, 0.995, 60_000, "s", "r");
        metrics.refreshStatus(new StatusReading.Ready(snapshot(List.of(alert))));

        metrics.refreshStatus(new StatusReading.Ready(snapshot(List.of())));
        metrics.refreshStatus(new StatusReading.Unavailable("rebalancing"));

        assertThat(registry.find("keel.slo.alerts.active").gauges()).isEmpty();
        assertThat(gauge("keel.slo.sli.success_rate", "scope", "global", "window", "5m")).isEqualTo(0.9898);
    }
}
