package dev.keel.slo.internal;

import dev.keel.slo.StatusSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SLO app's conclusions as gauges, one row per scope (and window): {@code keel.slo.sli.requests},
 * {@code .success_rate}, {@code .latency.p95} (seconds), {@code .under_latency_target} (fraction),
 * {@code .avg_cost} (USD), {@code keel.slo.error_budget.remaining} (fraction of the period's budget),
 * {@code keel.slo.burn_rate}, {@code keel.slo.alerts.active} (1 per firing alert, tags rule, severity,
 * scope) and {@code keel.slo.evaluated_through} (end of the last closed window, epoch seconds). Rows that
 * are gone from the status are removed. Scope cardinality is what {@code slo.scopes} configures.
 * Thread-safe ({@link #update} is serialized).
 */
public final class StatusGauges {

    private final MultiGauge requests;
    private final MultiGauge successRate;
    private final MultiGauge p95;
    private final MultiGauge underTarget;
    private final MultiGauge avgCost;
    private final MultiGauge budget;
    private final MultiGauge burn;
    private final MultiGauge alerts;
    private final AtomicLong evaluatedThrough = new AtomicLong();

    public StatusGauges(MeterRegistry registry) {
        requests = MultiGauge.builder("keel.slo.sli.requests").description("Requests in the trailing window, per scope").register(registry);
        successRate = MultiGauge.builder("keel.slo.sli.success_rate").description("Success rate of served requests, per scope and window")
                .register(registry);
        p95 = MultiGauge.builder("keel.slo.sli.latency.p95").baseUnit("seconds")
                .description("p95 of what callers waited (queue + processing), per scope and window").register(registry);
        underTarget = MultiGauge.builder("keel.slo.sli.under_latency_target")
                .description("Fraction of served requests under the latency target, per scope and window").register(registry);
        avgCost = MultiGauge.builder("keel.slo.sli.avg_cost").baseUnit("usd").description("Average cost per request, per scope and window")
                .register(registry);
        budget = MultiGauge.builder("keel.slo.error_budget.remaining")
                .description("Fraction of the period's error budget left, per scope (negative: overspent)").register(registry);
        burn = MultiGauge.builder("keel.slo.burn_rate").description("Error-budget burn rate over a trailing window, per scope")
                .register(registry);
        alerts = MultiGauge.builder("keel.slo.alerts.active").description("1 for each firing alert (rule, severity, scope)")
                .register(registry);
        Gauge.builder("keel.slo.evaluated_through", evaluatedThrough, AtomicLong::get).baseUnit("seconds")
                .description("End of the last closed SLI window (event time, epoch seconds)").register(registry);
    }

    public synchronized void update(StatusSnapshot snapshot) {
        List<MultiGauge.Row<?>> count = new ArrayList<>();
        List<MultiGauge.Row<?>> success = new ArrayList<>();
        List<MultiGauge.Row<?>> latency = new ArrayList<>();
        List<MultiGauge.Row<?>> under = new ArrayList<>();
        List<MultiGauge.Row<?>> cost = new ArrayList<>();
        List<MultiGauge.Row<?>> left = new ArrayList<>();
        List<MultiGauge.Row<?>> burnRates = new ArrayList<>();
        for (StatusSnapshot.ScopeStatus scope : snapshot.scopes()) {
            scope.slis().forEach((window, sli) -> {
                Tags tags = Tags.of("scope", scope.scope(), "window", window);
                count.add(MultiGauge.Row.of(tags, sli.count()));
                addIfPresent(success, tags, sli.successRate());
                addIfPresent(latency, tags, sli.p95Ms() == null ? null : sli.p95Ms() / 1000.0);
                addIfPresent(under, tags, sli.underLatencyTarget());
                addIfPresent(cost, tags, sli.avgCostUsd());
            });
            if (scope.errorBudget() != null) {
                left.add(MultiGauge.Row.of(Tags.of("scope", scope.scope()), scope.errorBudget().remainingFraction()));
            }
            scope.burnRates().forEach((window, rate) -> addIfPresent(burnRates, Tags.of("scope", scope.scope(), "window", window), rate));
        }
        List<MultiGauge.Row<?>> firing = new ArrayList<>();
        for (StatusSnapshot.ActiveAlert alert : snapshot.alerts()) {
            firing.add(MultiGauge.Row.of(Tags.of("rule", alert.rule(), "severity", alert.severity(), "scope", alert.scope()), 1));
        }
        requests.register(count, true);
        successRate.register(success, true);
        p95.register(latency, true);
        underTarget.register(under, true);
        avgCost.register(cost, true);
        budget.register(left, true);
        burn.register(burnRates, true);
        alerts.register(firing, true);
        if (snapshot.evaluatedThrough() != null) {
            evaluatedThrough.set(snapshot.evaluatedThrough() / 1000);
        }
    }

    private static void addIfPresent(List<MultiGauge.Row<?>> rows, Tags tags, Double value) {
        if (value != null && !value.isNaN() && !value.isInfinite()) {
            rows.add(MultiGauge.Row.of(tags, value));
        }
    }
}
