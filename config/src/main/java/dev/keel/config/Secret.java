package dev.keel.config;

import java.util.Objects;

/**
 * A credential read from the environment or a file. {@link #toString()} masks it, so a secret put in
 * a log line, an exception message or a printed config shows {@code ****}; only {@link #reveal()}
 * gives the value, and it is called where the value goes on the wire (an auth header).
 */
public final class Secret {

    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
