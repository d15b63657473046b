package dev.keel.router.routing;

import dev.keel.config.CooldownConfig;
import dev.keel.providers.FailurePolicy;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Cooldown per provider: a Resilience4j circuit breaker (count-based window) per provider. What an outcome
 * does to a breaker is the {@link FailurePolicy}'s row for it and nothing else: a provider failure counts
 * against the window, a cool-down-at-once outcome (auth, quota) opens the breaker now, an outcome that is
 * neither (a 400) gives the permission back unheard. After {@code open-for}, {@code half-open-probes}
 * requests test the provider.
 *
 * <p>Panic: when every provider on a request's route refuses a permission, {@link #panic} picks the one whose
 * breaker opened first (the longest cooled, so the closest to its probe) and lets the request go to it
 * anyway, in the spirit of Envoy's panic threshold: a brief slowdown of every provider must not become an
 * outage for {@code open-for}. Thread-safe.
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

    private static final CooldownPermit UNGUARDED = new CooldownPermit() {
        @Override
        public void record(AttemptOutcome outcome, Duration latency) {
        }

        @Override
        public boolean panic() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    private static final CooldownPermit PANIC = new CooldownPermit() {
        @Override
        public void record(AttemptOutcome outcome, Duration latency) {
        }

        @Override
        public boolean panic() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final Map<String, Long> openedAtMs = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final FailurePolicy policy;
    private final Clock clock;

    public ProviderCooldowns(Collection<String> providers, CooldownConfig config, Clock clock, MeterRegistry meters) {
        this(providers, config, FailurePolicy.DEFAULT, clock, meters);
    }

    public ProviderCooldowns(Collection<String> providers, CooldownConfig config, FailurePolicy policy, Clock clock,
                             MeterRegistry meters) {
        this.enabled = config.enabled();
        this.policy = policy;
        this.clock = clock;
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
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.State to = event.getStateTransition().getToState();
                if (to == CircuitBreaker.State.OPEN) {
                    openedAtMs.put(provider, clock.millis());
                } else if (to == CircuitBreaker.State.CLOSED) {
                    openedAtMs.remove(provider);
                }
                LOGGER.warn("Cooldown provider={} transition={}", provider, event.getStateTransition());
            });
            Gauge.builder("keel.router.cooldown.state", breaker, b -> stateCode(b.getState()))
                    .description("Provider cooldown: 0 closed, 1 open (skipped), 2 half-open (probing)")
                    .tag("provider", provider).register(meters);
            breakers.put(provider, breaker);
        }
    }

    /** Leave to call the provider now, or empty while it cools down (or its half-open probes are taken). */
    public Optional<CooldownPermit> tryEnter(String provider) {
        if (!enabled) {
            return Optional.of(UNGUARDED);
        }
        CircuitBreaker breaker = breaker(provider);
        return breaker.tryAcquirePermission() ? Optional.of(new BreakerPermit(breaker)) : Optional.empty();
    }

    /**
     * The providers a request tries, in turn until one answers, when every one of {@code route} refused it a
     * permission: the one whose breaker opened first leads (ties: route order). Their permits are not breaker
     * permissions, and the breakers do not hear of the calls: the normal half-open probes still decide when a
     * provider is healthy again.
     */
    public List<Panic> panic(List<String> route) {
        return route.stream()
                .sorted(Comparator.comparingLong(name -> openedAtMs.getOrDefault(name, Long.MAX_VALUE)))
                .map(name -> new Panic(name, PANIC))
                .toList();
    }

    /** The provider chosen in panic and the (unguarded) permit to call it with. */
    public record Panic(String provider, CooldownPermit permit) {
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

    /** A breaker permission, reported once through the failure policy or released. */
    private final class BreakerPermit implements CooldownPermit {
        private final CircuitBreaker breaker;
        private boolean done;

        BreakerPermit(CircuitBreaker breaker) {
            this.breaker = breaker;
        }

        @Override
        public void record(AttemptOutcome outcome, Duration latency) {
            if (done) {
                throw new IllegalStateException("a permit records one call");
            }
            done = true;
            long nanos = latency.toNanos();
            FailurePolicy.Rule rule = policy.of(outcome);
            if (outcome == AttemptOutcome.OK) {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else if (!rule.providerFailure()) {
                breaker.releasePermission(); // the provider's health is not in question
            } else {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(outcome));
                if (rule.coolDownAtOnce() && breaker.getState() != CircuitBreaker.State.OPEN) {
                    breaker.transitionToOpenState();
                }
            }
        }

        @Override
        public boolean panic() {
            return false;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                breaker.releasePermission();
            }
        }
    }
}
