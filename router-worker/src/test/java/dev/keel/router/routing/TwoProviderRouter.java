package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CacheConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.ProviderClient;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.budget.BudgetLedgers;
import dev.keel.router.budget.TokenCounter;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.ResponseCaches;
import dev.keel.router.control.ControlState;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A {@link Router} over two scripted providers as the worker assembles it: {@code primary} (OpenAI
 * kind, {@code gpt-x}) and {@code secondary} (Anthropic kind, {@code claude-x}), both at $1 / $2 per
 * million tokens, an in-process cache and ledger, and pauses that advance the test's clock instead
 * of waiting. Close it after each test.
 */
final class TwoProviderRouter implements AutoCloseable {

    final ProviderCooldowns cooldowns;
    final ResponseCache cache;
    final BudgetLedger ledger;
    final Router router;

    TwoProviderRouter(ProviderClient primary, ProviderClient secondary, RoutingConfig routing, BudgetConfig budget,
                      MutableClock clock, MeterRegistry meters) {
        ProvidersConfig providers = new ProvidersConfig(provider(ProviderKind.OPENAI, "gpt-x"), provider(ProviderKind.ANTHROPIC, "claude-x"));
        cooldowns = new ProviderCooldowns(List.of("primary", "secondary"), routing.cooldown(), clock, meters);
        cache = ResponseCaches.create(CacheConfig.defaults(), clock, meters);
        ledger = BudgetLedgers.create(budget, CacheConfig.defaults(), clock, meters);
        Map<String, ProviderClient> clients = new LinkedHashMap<>();
        clients.put("primary", primary);
        clients.put("secondary", secondary);
        router = new Router(clients, new RouterSettings(providers, routing, budget), new RoutePlanner(providers, routing, new Random(7)),
                cooldowns, new BudgetGate(budget, new TokenCounter(), ledger, clock, meters), ledger, cache,
                new ControlState(false, Set.of("primary", "secondary"), name -> null, clock), clock::advance, meters, clock);
    }

    private static ProviderConfig provider(ProviderKind kind, String model) {
        return new ProviderConfig(kind, URI.create("http://127.0.0.1:1"), null, model, null,
                Map.of(model, ModelPrice.of(1, 2)), null, null, null, null);
    }

    @Override
    public void close() {
        cache.close();
        ledger.close();
    }
}
