package dev.keel.config;

/**
 * Thrown by a config record's constructor when a value is unusable. {@link #field()} is relative to
 * the record; the loader prefixes the record's path and adds the file line.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidValueException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Returns {@code value}, or throws naming {@code field} when it is null. */
    public static <T> T require(T value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, "missing required value");
        }
        return value;
    }

    public static void check(boolean condition, String field, String problem) {
        if (!condition) {
            throw new InvalidValueException(field, problem);
        }
    }
}
