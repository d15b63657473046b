package dev.keel.router.routing;

import dev.keel.config.ProvidersConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.RoutingStrategy;
import dev.keel.schemas.PromptRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The order in which providers are tried for a request. {@code ordered}: primary, then secondary.
 * {@code weighted}: the first provider drawn by weight (9:1 by default), the other one next. A pin
 * (the request's {@code pin}, else {@code routing.pins} for its feature) puts a provider first.
 * A request with {@code failover: false} gets only its first provider.
 *
 * <p>The weighted draw is a function of {@code routing.seed} and the request id alone: each request gets its
 * own {@link SplittableRandom} seeded from both, so the same seed gives every request the same order
 * whatever the thread scheduling, on any worker, and after a redelivery; nothing random is shared between
 * threads. Without {@code routing.seed} the seed is drawn once at start from the injected generator, so
 * orders differ between workers and runs. Thread-safe (immutable).
 */
public final class RoutePlanner {

    private final List<String> names;
    private final List<Integer> weights;
    private final RoutingConfig routing;
    private final long seed;

    /** @param seedSource draws the seed once when {@code routing.seed} is unset (not used afterwards) */
    public RoutePlanner(ProvidersConfig providers, RoutingConfig routing, RandomGenerator seedSource) {
        this.names = List.copyOf(providers.byName().keySet());
        this.weights = names.stream().map(providers::weightOf).toList();
        this.routing = routing;
        this.seed = routing.seed() != null ? routing.seed() : seedSource.nextLong();
    }

    public List<String> order(PromptRequest request) {
        List<String> order = new ArrayList<>(names);
        String pin = request.getPin() != null ? request.getPin() : routing.pins().get(request.getFeature());
        if (pin != null && order.remove(pin)) {
            order.addFirst(pin);
        } else if (routing.strategy() == RoutingStrategy.WEIGHTED && order.size() > 1) {
            String first = draw(request.getRequestId());
            order.remove(first);
            order.addFirst(first);
        }
        return Boolean.FALSE.equals(request.getFailover()) ? List.of(order.getFirst()) : List.copyOf(order);
    }

    private String draw(String requestId) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        if (total <= 0) {
            return names.getFirst();
        }
        int ticket = new SplittableRandom(seed ^ fingerprint(requestId)).nextInt(total);
        for (int i = 0; i < names.size(); i++) {
            ticket -= weights.get(i);
            if (ticket < 0) {
                return names.get(i);
            }
        }
        return names.getLast();
    }

    /** A 64-bit FNV-1a hash of the request id: stable across JVMs (unlike identity hashes), spread over all bits. */
    static long fingerprint(String requestId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < requestId.length(); i++) {
            h ^= requestId.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
