package dev.keel.config;

import java.time.Duration;

/**
 * Hedged first tries ({@code routing.hedging}): when a provider's call has produced no token after a delay
 * learned from that provider's recent times to first token, the next provider on the route is called too, and
 * whichever streams first is kept.
 *
 * @param enabled     the off switch (default on)
 * @param percentile  the percentile of the provider's recent TTFTs the delay follows (default 99.5)
 * @param minDelay    the delay never goes below this (default 250 ms): a very fast provider does not hedge on noise
 * @param maxDelay    nor above this (default 1 s), which must stay below {@code routing.ttft-timeout}; also the
 *                    delay while fewer than {@code min-samples} TTFTs are known
 * @param samples     how many recent TTFTs per provider the percentile is taken over (default 1000)
 * @param minSamples  TTFTs needed before the learned delay applies (default 50)
 * @param maxShare    at most this percentage of the eligible calls in the last {@code window} may hedge (default 10)
 * @param window      the sliding window of {@code max-share} (default 10 s)
 */
public record HedgingConfig(Boolean enabled, Float percentile, Duration minDelay, Duration maxDelay, Integer samples,
                            Integer minSamples, Float maxShare, Duration window) {

    public static final float DEFAULT_PERCENTILE = 99.5f;
    public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_MIN_SAMPLES = 50;
    public static final float DEFAULT_MAX_SHARE = 10f;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    public HedgingConfig {
        enabled = enabled == null || enabled;
        percentile = percentile == null ? DEFAULT_PERCENTILE : percentile;
        InvalidValueException.check(percentile > 0 && percentile <= 100, "percentile", "must be in (0, 100]");
        minDelay = RoutingConfig.positive(minDelay, DEFAULT_MIN_DELAY, "min-delay");
        maxDelay = RoutingConfig.positive(maxDelay, DEFAULT_MAX_DELAY, "max-delay");
        InvalidValueException.check(maxDelay.compareTo(minDelay) >= 0, "max-delay", "must not be shorter than min-delay (" + minDelay + ")");
        samples = samples == null ? DEFAULT_SAMPLES : samples;
        InvalidValueException.check(samples >= 1 && samples <= 100_000, "samples", "must be between 1 and 100000");
        minSamples = minSamples == null ? Math.min(DEFAULT_MIN_SAMPLES, samples) : minSamples;
        InvalidValueException.check(minSamples >= 1 && minSamples <= samples, "min-samples",
                "must be between 1 and samples (" + samples + ")");
        maxShare = maxShare == null ? DEFAULT_MAX_SHARE : maxShare;
        InvalidValueException.check(maxShare >= 0 && maxShare <= 100, "max-share", "must be a percentage in [0, 100]");
        window = RoutingConfig.positive(window, DEFAULT_WINDOW, "window");
        InvalidValueException.check(window.toMillis() >= 1000, "window", "must be at least 1s");
    }

    public static HedgingConfig defaults() {
        return new HedgingConfig(null, null, null, null, null, null, null, null);
    }

    /** Hedging switched off. */
    public static HedgingConfig off() {
        return new HedgingConfig(false, null, null, null, null, null, null, null);
    }
}
