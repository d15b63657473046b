package dev.keel.schemas;

import java.util.function.Function;

/**
 * The outcome of reading one input: a record or a {@link DecodeFailure}. Expected bad input is a
 * value, not an exception, so callers route it (DLQ, a one-line CLI error) instead of crashing.
 */
public sealed interface Decoded<T> {

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> failed(DecodeError code, String message) {
        return new Failed<>(new DecodeFailure(code, message));
    }

    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    /** The record; throws {@link UndecodableException} for a failure. */
    default T orThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Failed<T> failed -> throw new UndecodableException(failed.failure());
        };
    }

    default <R> Decoded<R> map(Function<? super T, ? extends R> mapper) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(mapper.apply(ok.value()));
            case Failed<T> failed -> new Failed<>(failed.failure());
        };
    }

    record Ok<T>(T value) implements Decoded<T> {
    }

    record Failed<T>(DecodeFailure failure) implements Decoded<T> {
    }
}
