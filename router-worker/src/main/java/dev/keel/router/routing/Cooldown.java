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
 * provider is skipped ({@code SKIPPED_COOLDOWN} in the attempts). A request is not failed while a provider it
 * skipped is untried: when the route gave no answer, {@link #panic} gives every skipped provider, the longest
 * cooled first, each counted as {@code keel.router.panic{provider}} when its call is made. Thread-safe.
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
                .description("Calls to a provider in cooldown because no provider out of cooldown answered the request")
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
     * When the route gave no answer and skipped providers in cooldown: the panic calls to make to those, in turn until
     * one answers, the longest cooled first (every provider skipped, or the others failed). Each is counted as taken.
     */
    Iterable<ProviderCooldowns.Panic> panic(RouteState trip) {
        if (trip.cooling.isEmpty()) {
            return List.of();
        }
        List<ProviderCooldowns.Panic> order = cooldowns.panic(trip.cooling);
        return () -> order.stream().peek(panic -> {
            panics.withTags("provider", panic.provider()).increment();
            LOGGER.debug("panic: no provider out of cooldown answered request_id={} provider={}", trip.request.getRequestId(), panic.provider());
        }).iterator();
    }
}
