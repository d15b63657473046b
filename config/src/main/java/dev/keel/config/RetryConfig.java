package dev.keel.config;

import java.time.Duration;

/**
 * In-group retry: how many extra tries a provider gets on a retryable failure before the router
 * fails over, and how long it may wait for a {@code retry-after}.
 *
 * <p>{@code latency-budget}: an in-group retry is made only while the time spent on the request so
 * far plus one {@code ttft-timeout} fits in it, unless there is no other provider to fail over to.
 * A fast failure (5xx, 429, 529) is retried in-group; a TTFT timeout has already spent the budget,
 * so the request fails over instead of waiting a second timeout on the same provider. Default: the
 * SLO latency target (2.5 s).
 */
public record RetryConfig(Integer inGroupRetries, Duration retryAfterCap, Duration backoff, Duration latencyBudget) {

    public static final int DEFAULT_IN_GROUP_RETRIES = 1;
    public static final Duration DEFAULT_RETRY_AFTER_CAP = Duration.ofSeconds(2);
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(50);
    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofMillis(2500);

    public RetryConfig {
        inGroupRetries = inGroupRetries == null ? DEFAULT_IN_GROUP_RETRIES : inGroupRetries;
        InvalidValueException.check(inGroupRetries >= 0 && inGroupRetries <= 5, "in-group-retries", "must be between 0 and 5");
        retryAfterCap = retryAfterCap == null ? DEFAULT_RETRY_AFTER_CAP : retryAfterCap;
        backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
        latencyBudget = RoutingConfig.positive(latencyBudget, DEFAULT_LATENCY_BUDGET, "latency-budget");
    }

    public static RetryConfig defaults() {
        return new RetryConfig(null, null, null, null);
    }
}
