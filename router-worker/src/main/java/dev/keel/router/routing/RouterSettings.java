package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.RoutingConfig;

/**
 * What the configuration tells the router: the providers, how to route between them (order, retries, cooldown,
 * hedging, timeouts) and the budget's rules the router applies itself (the output-token rule of bypass and of the
 * cache keys). Immutable: parts of {@code keel.yaml}, validated where they are read.
 */
public record RouterSettings(ProvidersConfig providers, RoutingConfig routing, BudgetConfig budget) {
}
