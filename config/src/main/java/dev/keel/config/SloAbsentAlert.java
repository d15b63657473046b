package dev.keel.config;

import java.time.Duration;

/**
 * {@code results_absent}: requests keep arriving but no result came back for {@code after}
 * (dead workers must page).
 *
 * @param minRequests requests seen in the last {@code after} for silence to count as an incident
 */
public record SloAbsentAlert(Boolean enabled, Duration after, Integer minRequests) {

    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(2);
    public static final int DEFAULT_MIN_REQUESTS = 1;

    public SloAbsentAlert {
        enabled = enabled == null || enabled;
        after = after == null ? DEFAULT_AFTER : after;
        SloAlerts.checkWholeMinutes(after, "after", false);
        minRequests = minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
        InvalidValueException.check(minRequests >= 1, "min-requests", "must be at least 1");
    }

    public static SloAbsentAlert defaults() {
        return new SloAbsentAlert(null, null, null);
    }
}
