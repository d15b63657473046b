package dev.keel.providers.internal;

/**
 * The outcome of one step of a call (waiting for the headers, reading a body, reading an answer out of it): the
 * value, or the classified {@link Failure} that ends the call. Like {@code schemas}' {@code Decoded}: an expected
 * failure is a value the caller switches on, not an exception.
 */
sealed interface Read<T> {

    static <T> Read<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Read<T> failed(Failure failure) {
        return new Failed<>(failure);
    }

    record Ok<T>(T value) implements Read<T> {
    }

    record Failed<T>(Failure failure) implements Read<T> {
    }
}
