package dev.keel.alerts;

import java.time.Duration;
import java.util.Optional;

/** The result of one delivery attempt to one sink. */
public sealed interface SendOutcome {

    /** The sink took the page (PagerDuty 202, Slack 200 {@code ok}, webhook 2xx, console). */
    record Accepted(int httpStatus) implements SendOutcome {
    }

    /** Worth trying again (429, 5xx, network, timeout); {@code retryAfter} when the sink said how long to wait. */
    record Retryable(String reason, Optional<Duration> retryAfter) implements SendOutcome {
        public Retryable {
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        public static Retryable of(String reason) {
            return new Retryable(reason, Optional.empty());
        }
    }

    /** The sink refused the page for good (PagerDuty 400, Slack {@code invalid_payload}, webhook 4xx): never retried. */
    record Rejected(String reason) implements SendOutcome {
    }
}
