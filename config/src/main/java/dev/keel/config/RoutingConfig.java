package dev.keel.config;

import java.time.Duration;
import java.util.Map;

/**
 * How router workers pick and call providers (DESIGN.md "Routing").
 *
 * @param ttftTimeout  request sent -> first content token of a streamed response
 * @param idleTimeout  longest gap between two tokens once streaming
 * @param totalTimeout longest a single provider call may take
 * @param pins         feature -> provider name tried first
 * @param seed         seed of the weighted shuffle (unset: random)
 * @param bypass       start in bypass (also {@code BYPASS_ROUTER=true})
 * @param hedging      hedged first tries ({@link HedgingConfig}); {@code max-delay} must stay below {@code ttft-timeout}
 */
public record RoutingConfig(
        RoutingStrategy strategy,
        Long seed,
        Duration ttftTimeout,
        Duration idleTimeout,
        Duration totalTimeout,
        RetryConfig retry,
        CooldownConfig cooldown,
        Map<String, String> pins,
        Boolean bypass,
        HedgingConfig hedging) {

    public static final Duration DEFAULT_TTFT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(60);

    public RoutingConfig {
        strategy = strategy == null ? RoutingStrategy.ORDERED : strategy;
        ttftTimeout = positive(ttftTimeout, DEFAULT_TTFT_TIMEOUT, "ttft-timeout");
        idleTimeout = positive(idleTimeout, DEFAULT_IDLE_TIMEOUT, "idle-timeout");
        totalTimeout = positive(totalTimeout, DEFAULT_TOTAL_TIMEOUT, "total-timeout");
        InvalidValueException.check(totalTimeout.compareTo(ttftTimeout) >= 0, "total-timeout",
                "must not be shorter than ttft-timeout (" + ttftTimeout + ")");
        retry = retry == null ? RetryConfig.defaults() : retry;
        cooldown = cooldown == null ? CooldownConfig.defaults() : cooldown;
        pins = Map.copyOf(pins == null ? Map.of() : pins);
        pins.forEach((feature, provider) -> InvalidValueException.check(
                ProvidersConfig.PRIMARY.equals(provider) || ProvidersConfig.SECONDARY.equals(provider),
                "pins." + feature, "must be primary or secondary"));
        bypass = bypass != null && bypass;
        hedging = hedging == null ? HedgingConfig.defaults() : hedging;
        InvalidValueException.check(!hedging.enabled() || hedging.maxDelay().compareTo(ttftTimeout) < 0, "hedging.max-delay",
                "must be shorter than ttft-timeout (" + ttftTimeout + ")");
    }

    /** The same without hedging settings (the defaults apply). */
    public RoutingConfig(RoutingStrategy strategy, Long seed, Duration ttftTimeout, Duration idleTimeout, Duration totalTimeout,
                         RetryConfig retry, CooldownConfig cooldown, Map<String, String> pins, Boolean bypass) {
        this(strategy, seed, ttftTimeout, idleTimeout, totalTimeout, retry, cooldown, pins, bypass, null);
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public RoutingConfig withBypass(boolean on) {
        return new RoutingConfig(strategy, seed, ttftTimeout, idleTimeout, totalTimeout, retry, cooldown, pins, on, hedging);
    }

    public RoutingConfig withCooldown(CooldownConfig newCooldown) {
        return new RoutingConfig(strategy, seed, ttftTimeout, idleTimeout, totalTimeout, retry, newCooldown, pins, bypass, hedging);
    }

    public RoutingConfig withHedging(HedgingConfig newHedging) {
        return new RoutingConfig(strategy, seed, ttftTimeout, idleTimeout, totalTimeout, retry, cooldown, pins, bypass, newHedging);
    }

    static Duration positive(Duration value, Duration fallback, String field) {
        Duration d = value == null ? fallback : value;
        InvalidValueException.check(!d.isNegative() && !d.isZero(), field, "must be positive");
        return d;
    }
}
