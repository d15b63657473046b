package dev.keel.router.routing;

import dev.keel.config.CooldownConfig;
import dev.keel.schemas.AttemptOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cooldown per provider: a Resilience4j circuit breaker (count-based window) per provider. A
 * provider that keeps failing is skipped for {@code open-for}, then {@code half-open-probes}
 * requests test it; auth and quota failures open it at once, because every call would fail the
 * same way. A 400 is the caller's fault and does not count. Thread-safe.
 */
public final class ProviderCooldowns {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProviderCooldowns.class);

    /** Thrown into the breaker to record a failed attempt; carries only the outcome. */
    static final class ProviderFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProviderFailure(AttemptOutcome outcome) {
            super(outcome.name(), null, false, false);
        }
    }

    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final boolean enabled;

    public ProviderCooldowns(Collection<String> providers, CooldownConfig config, Clock clock, MeterRegistry meters) {
        this.enabled = config.enabled();
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.windowSize())
                .minimumNumberOfCalls(config.minimumCalls())
                .failureRateThreshold(config.failureRate())
                .waitDurationInOpenState(config.openFor())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenProbes())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        for (String provider : providers) {
            CircuitBreaker breaker = CircuitBreaker.of(provider, breakerConfig);
            breaker.getEventPublisher().onStateTransition(event ->
                    LOGGER.warn("Cooldown provider={} transition={}", provider, event.getStateTransition()));
            Gauge.builder("keel.router.cooldown.state", breaker, b -> stateCode(b.getState()))
                    .description("Provider cooldown: 0 closed, 1 open (skipped), 2 half-open (probing)")
                    .tag("provider", provider).register(meters);
            breakers.put(provider, breaker);
        }
    }

    /** Whether a call to the provider may go ahead now; true means a permission is held until recorded or released. */
    public boolean tryEnter(String provider) {
        return !enabled || breaker(provider).tryAcquirePermission();
    }

    /** Gives back a permission that was not used for a call (the budget refused it). */
    public void release(String provider) {
        if (enabled) {
            breaker(provider).releasePermission();
        }
    }

    /** Records a finished attempt; opens the breaker at once on an auth or quota failure. */
    public void record(String provider, AttemptOutcome outcome, Duration latency) {
        if (!enabled) {
            return;
        }
        CircuitBreaker breaker = breaker(provider);
        long nanos = latency.toNanos();
        switch (outcome) {
            case OK -> breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            // The request was wrong, not the provider: the breaker should not hear of it.
            case BAD_REQUEST -> breaker.releasePermission();
            case AUTH, QUOTA_EXHAUSTED -> {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(outcome));
                if (breaker.getState() != CircuitBreaker.State.OPEN) {
                    breaker.transitionToOpenState();
                }
            }
            default -> breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(outcome));
        }
    }

    public CircuitBreaker.State state(String provider) {
        return breaker(provider).getState();
    }

    /** Every provider's state, for status output. */
    public Map<String, String> states() {
        Map<String, String> out = new LinkedHashMap<>();
        breakers.forEach((name, b) -> out.put(name, enabled ? b.getState().name() : "DISABLED"));
        return out;
    }

    private CircuitBreaker breaker(String provider) {
        CircuitBreaker breaker = breakers.get(provider);
        if (breaker == null) {
            throw new IllegalArgumentException("unknown provider " + provider);
        }
        return breaker;
    }

    private static int stateCode(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        };
    }
}
