package dev.keel.schemas;

/**
 * Why bytes or text could not become a Keel record. The name is what lands in the
 * {@code keel.error.code} header of a dead-lettered event, so it is part of the contract.
 */
public enum DecodeError {
    /** No bytes at all (a null or empty Kafka value). */
    EMPTY,
    /** The value does not start with the Avro single-object marker {@code C3 01}. */
    NOT_SINGLE_OBJECT,
    /** The schema fingerprint in the header is not one this reader knows. */
    UNKNOWN_SCHEMA,
    /** The writer schema is known but cannot be resolved against the reader schema. */
    INCOMPATIBLE_SCHEMA,
    /** The body ended before the record did. */
    TRUNCATED,
    /** The body is not a valid encoding of the record. */
    MALFORMED,
    /** Edge format only: the text is not a JSON object. */
    INVALID_JSON,
    /** Edge format only: valid JSON that does not match the record (missing, unknown or mistyped field). */
    INVALID_RECORD
}
