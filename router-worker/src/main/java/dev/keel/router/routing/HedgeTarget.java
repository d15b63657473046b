package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.providers.ProviderClient;
import dev.keel.router.budget.Admission;

import java.util.function.Supplier;

/**
 * The provider a hedge would call: the next one on the request's route, and how to ask the budget for it
 * (asked only when the hedge is due, while the first provider's reservation is still held, so the two
 * reservations together cover both calls).
 *
 * @param temperature the request's temperature (null: the provider's default)
 */
record HedgeTarget(String provider, ProviderClient client, ProviderConfig config, Supplier<Admission> admit, Double temperature) {
}
