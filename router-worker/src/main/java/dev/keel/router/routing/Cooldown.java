package dev.keel.router.routing;

import dev.keel.config.ProvidersConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Stage: the cooldown, per provider. The provider's breaker ({@link ProviderCooldowns}) gives a permit, or the
 * provider is skipped ({@code SKIPPED_COOLDOWN} in the attempts). When it refused every provider on the route,
 * the request is not failed untried: {@link #panic} gives every one of them, the longest cooled first, each counted
 * as {@code keel.router.panic{provider}} when its call is made. Thread-safe.
 */
final class Cooldown {

    private static final Logger LOGGER = LoggerFactory.getLogger(Cooldown.class);

    private final ProviderCooldowns cooldowns;
    private final ProvidersConfig providers;
    private final Meter.MeterProvider<Counter> panics;

    Cooldown(ProviderCooldowns cooldowns, ProvidersConfig providers, MeterRegistry meters) {
        this.cooldowns = cooldowns;
        this.providers = providers;
        this.panics = Counter.builder("keel.router.panic")
                .description("Requests sent to a provider in cooldown because every provider on their route was cooling down")
                .withRegistry(meters);
    }

    /** The provider's permit, or empty with the skip recorded on the trip. */
    Optional<CooldownPermit> enter(RouteState trip, String provider) {
        Optional<CooldownPermit> permit = cooldowns.tryEnter(provider);
        if (permit.isEmpty()) {
            trip.attempts.add(AttemptRecords.skipped(provider, providers.byName().get(provider).model()));
            trip.cooling.add(provider);
        }
        return permit;
    }

    /**
     * When every provider of {@code route} was skipped: the panic calls to make in turn until one answers, the
     * longest cooled provider first; empty otherwise. Each is counted as it is taken.
     */
    Iterable<ProviderCooldowns.Panic> panic(RouteState trip, List<String> route) {
        if (route.isEmpty() || trip.cooling.size() != route.size()) {
            return List.of();
        }
        List<ProviderCooldowns.Panic> order = cooldowns.panic(trip.cooling);
        return () -> order.stream().peek(panic -> {
            panics.withTags("provider", panic.provider()).increment();
            LOGGER.debug("panic: every provider cooling down request_id={} provider={}", trip.request.getRequestId(), panic.provider());
        }).iterator();
    }
}
