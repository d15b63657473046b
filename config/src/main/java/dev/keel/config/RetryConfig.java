package dev.keel.config;

import java.time.Duration;

/**
 * In-group retry: how many extra tries a provider gets on a retryable failure before the router
 * fails over, and how long it may wait for a {@code retry-after}.
 */
public record RetryConfig(Integer inGroupRetries, Duration retryAfterCap, Duration backoff) {

    public static final int DEFAULT_IN_GROUP_RETRIES = 1;
    public static final Duration DEFAULT_RETRY_AFTER_CAP = Duration.ofSeconds(2);
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(50);

    public RetryConfig {
        inGroupRetries = inGroupRetries == null ? DEFAULT_IN_GROUP_RETRIES : inGroupRetries;
        InvalidValueException.check(inGroupRetries >= 0 && inGroupRetries <= 5, "in-group-retries", "must be between 0 and 5");
        retryAfterCap = retryAfterCap == null ? DEFAULT_RETRY_AFTER_CAP : retryAfterCap;
        backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
    }

    public static RetryConfig defaults() {
        return new RetryConfig(null, null, null);
    }
}
