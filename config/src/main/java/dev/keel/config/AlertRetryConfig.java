package dev.keel.config;

import java.time.Duration;

/**
 * How a sink retries a page it could not deliver: exponential backoff from {@code initial-backoff},
 * doubling up to {@code max-backoff} (a {@code Retry-After} is honoured up to {@code max-backoff}),
 * until {@code give-up-after} has passed since the page reached the sink's queue. Then the sink gives
 * up for good and the page is recorded as undelivered.
 */
public record AlertRetryConfig(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(10);

    public AlertRetryConfig {
        initialBackoff = RoutingConfig.positive(initialBackoff, DEFAULT_INITIAL_BACKOFF, "initial-backoff");
        maxBackoff = RoutingConfig.positive(maxBackoff, DEFAULT_MAX_BACKOFF, "max-backoff");
        InvalidValueException.check(maxBackoff.compareTo(initialBackoff) >= 0, "max-backoff", "must not be shorter than initial-backoff");
        giveUpAfter = RoutingConfig.positive(giveUpAfter, DEFAULT_GIVE_UP_AFTER, "give-up-after");
    }

    public static AlertRetryConfig defaults() {
        return new AlertRetryConfig(null, null, null);
    }
}
