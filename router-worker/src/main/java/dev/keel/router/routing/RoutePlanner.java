package dev.keel.router.routing;

import dev.keel.config.ProvidersConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.RoutingStrategy;
import dev.keel.schemas.PromptRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order in which providers are tried for a request. {@code ordered}: primary, then secondary.
 * {@code weighted}: the first provider drawn by weight (9:1 by default), the other one next. A pin
 * (the request's {@code pin}, else {@code routing.pins} for its feature) puts a provider first.
 * A request with {@code failover: false} gets only its first provider. Thread-safe if the random
 * generator is (the default {@code ThreadLocalRandom}-backed one is).
 */
public final class RoutePlanner {

    private final List<String> names;
    private final List<Integer> weights;
    private final RoutingConfig routing;
    private final RandomGenerator random;

    public RoutePlanner(ProvidersConfig providers, RoutingConfig routing, RandomGenerator random) {
        this.names = List.copyOf(providers.byName().keySet());
        this.weights = names.stream().map(providers::weightOf).toList();
        this.routing = routing;
        this.random = random;
    }

    public List<String> order(PromptRequest request) {
        List<String> order = new ArrayList<>(names);
        String pin = request.getPin() != null ? request.getPin() : routing.pins().get(request.getFeature());
        if (pin != null && order.remove(pin)) {
            order.addFirst(pin);
        } else if (routing.strategy() == RoutingStrategy.WEIGHTED && order.size() > 1) {
            String first = draw();
            order.remove(first);
            order.addFirst(first);
        }
        return Boolean.FALSE.equals(request.getFailover()) ? List.of(order.getFirst()) : List.copyOf(order);
    }

    private String draw() {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        if (total <= 0) {
            return names.getFirst();
        }
        int ticket = random.nextInt(total);
        for (int i = 0; i < names.size(); i++) {
            ticket -= weights.get(i);
            if (ticket < 0) {
                return names.get(i);
            }
        }
        return names.getLast();
    }
}
