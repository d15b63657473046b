package dev.keel.providers.internal;

import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;

/**
 * A classified provider failure.
 *
 * @param outcome    the taxonomy value
 * @param detail     a short, sanitised reason: an error type/code or a fixed phrase, never body text
 * @param retryAfter the provider's requested wait, or null
 */
public record Failure(AttemptOutcome outcome, String detail, Duration retryAfter) {

    public static Failure of(AttemptOutcome outcome, String detail) {
        return new Failure(outcome, detail, null);
    }
}
