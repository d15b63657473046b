package dev.keel.config;

import java.time.Duration;

/**
 * When a failing provider is skipped (a circuit breaker per provider): open when at least
 * {@code minimum-calls} of the last {@code window-size} calls ran and {@code failure-rate} percent
 * of them failed, or at once on an auth or quota failure; stay open for {@code open-for}; then let
 * {@code half-open-probes} requests through to test it.
 */
public record CooldownConfig(Boolean enabled, Integer windowSize, Integer minimumCalls, Float failureRate,
                             Duration openFor, Integer halfOpenProbes) {

    public static final int DEFAULT_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 5;
    public static final float DEFAULT_FAILURE_RATE = 50f;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
    public static final int DEFAULT_HALF_OPEN_PROBES = 2;

    public CooldownConfig {
        enabled = enabled == null || enabled;
        windowSize = windowSize == null ? DEFAULT_WINDOW_SIZE : windowSize;
        InvalidValueException.check(windowSize >= 1, "window-size", "must be at least 1");
        minimumCalls = minimumCalls == null ? Math.min(DEFAULT_MINIMUM_CALLS, windowSize) : minimumCalls;
        InvalidValueException.check(minimumCalls >= 1 && minimumCalls <= windowSize, "minimum-calls",
                "must be between 1 and window-size (" + windowSize + ")");
        failureRate = failureRate == null ? DEFAULT_FAILURE_RATE : failureRate;
        InvalidValueException.check(failureRate > 0 && failureRate <= 100, "failure-rate", "must be a percentage in (0, 100]");
        openFor = openFor == null ? DEFAULT_OPEN_FOR : openFor;
        InvalidValueException.check(!openFor.isNegative() && !openFor.isZero(), "open-for", "must be positive");
        halfOpenProbes = halfOpenProbes == null ? DEFAULT_HALF_OPEN_PROBES : halfOpenProbes;
        InvalidValueException.check(halfOpenProbes >= 1, "half-open-probes", "must be at least 1");
    }

    public CooldownConfig withOpenFor(Duration duration) {
        return new CooldownConfig(enabled, windowSize, minimumCalls, failureRate, duration, halfOpenProbes);
    }

    public static CooldownConfig defaults() {
        return new CooldownConfig(null, null, null, null, null, null);
    }
}
