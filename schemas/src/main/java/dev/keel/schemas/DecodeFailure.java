package dev.keel.schemas;

import java.util.Objects;

/**
 * A typed reason why an input could not be read: {@link #code()} for machines (DLQ header),
 * {@link #message()} for people. Messages never echo the payload, so they are safe to log.
 */
public record DecodeFailure(DecodeError code, String message) {
    public DecodeFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
