package dev.keel.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Thrown by the Kafka {@code Deserializer} face of {@link KeelSerde}, where the interface leaves no
 * room for a value. Carries the typed {@link DecodeFailure} so handlers can still route it.
 */
public final class UndecodableException extends SerializationException {
    private static final long serialVersionUID = 1L;
    private final transient DecodeFailure failure;

    public UndecodableException(DecodeFailure failure) {
        super(failure.toString());
        this.failure = failure;
    }

    public DecodeFailure failure() {
        return failure;
    }
}
