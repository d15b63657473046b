package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.RoutingConfig;
import io.micrometer.core.instrument.MeterRegistry;

/** The router's knobs that are not per request: routing config, the budget config (output-token rule), how to wait, where to count. */
public record ProviderGroupSettings(RoutingConfig routing, BudgetConfig budget, Pause pause, MeterRegistry meters) {

    public static ProviderGroupSettings of(RoutingConfig routing, BudgetConfig budget, Pause pause, MeterRegistry meters) {
        return new ProviderGroupSettings(routing, budget, pause, meters);
    }
}
