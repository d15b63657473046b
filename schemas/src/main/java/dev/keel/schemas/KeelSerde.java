package dev.keel.schemas;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Avro single-object encoding for Kafka values: {@code C3 01}, the 8-byte schema fingerprint,
 * then the binary body. Readers resolve any writer schema known to the {@link SchemaCatalog}, so
 * records evolve without a registry.
 *
 * <p>{@link #decode(byte[])} turns unreadable bytes into a {@link Decoded.Failed} with a reason a
 * caller can put on the DLQ; the Kafka {@link Deserializer} face throws {@link UndecodableException}
 * carrying the same reason. Instances are immutable and thread-safe.
 */
public final class KeelSerde<T> implements Serde<T> {

    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
    private static final int HEADER_LENGTH = 10;

    /** No Keel record has more items in one array or map (a request's messages, a result's attempts). */
    public static final int MAX_COLLECTION_ITEMS = 100_000;
    /** Larger than any Kafka message Keel accepts, so only a corrupt length can reach it. */
    public static final int MAX_STRING_BYTES = 16 * 1024 * 1024;

    static {
        // Avro allocates arrays and strings from the length it reads, before reading the items: random bytes
        // behind a valid header could ask for 2^31 items and kill the JVM. Avro's limits are JVM-wide system
        // properties read once; set sane ones unless the operator already chose.
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_STRING_BYTES);
        SystemLimitException.checkMaxCollectionLength(0L);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(value));
        }
    }

    private final Schema readerSchema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private KeelSerde(GenericData model, Schema readerSchema, SchemaCatalog catalog) {
        this.readerSchema = readerSchema;
        this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
        this.decoder = new BinaryMessageDecoder<>(model, readerSchema, catalog);
        this.decoder.addSchema(readerSchema);
    }

    /** A serde for a generated record class, reading every schema in the shared catalog. */
    public static <T extends SpecificRecord> KeelSerde<T> of(Class<T> recordClass) {
        SpecificData model = SpecificData.getForClass(recordClass);
        return new KeelSerde<>(model, model.getSchema(recordClass), SchemaCatalog.shared());
    }

    /** A serde for generic records with an explicit reader schema (tools, evolution tests). */
    public static KeelSerde<Object> generic(Schema readerSchema, SchemaCatalog catalog) {
        return new KeelSerde<>(GenericData.get(), readerSchema, catalog);
    }

    public Schema schema() {
        return readerSchema;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + readerSchema.getName(), e);
        }
    }

    /** Reads one value; never throws for bad input. */
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Decoded.failed(DecodeError.EMPTY, "empty value: expected an Avro single-object encoded " + readerSchema.getName());
        }
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER[0] || bytes[1] != MARKER[1]) {
            return bytes.length >= 2 && bytes[0] == MARKER[0] && bytes[1] == MARKER[1]
                    ? Decoded.failed(DecodeError.TRUNCATED, "value is " + bytes.length + " bytes, shorter than the 10-byte single-object header")
                    : Decoded.failed(DecodeError.NOT_SINGLE_OBJECT, "value does not start with the Avro single-object marker C3 01");
        }
        try {
            return Decoded.ok(decoder.decode(bytes));
        } catch (MissingSchemaException e) {
            return Decoded.failed(DecodeError.UNKNOWN_SCHEMA, "unknown writer schema fingerprint "
                    + HexFormat.of().formatHex(bytes, 2, HEADER_LENGTH) + " for " + readerSchema.getName());
        } catch (BadHeaderException e) {
            return Decoded.failed(DecodeError.NOT_SINGLE_OBJECT, "bad single-object header: " + e.getMessage());
        } catch (AvroTypeException e) {
            return Decoded.failed(DecodeError.INCOMPATIBLE_SCHEMA, "writer schema cannot be read as " + readerSchema.getName() + ": " + e.getMessage());
        } catch (IOException e) {
            return causedByEof(e)
                    ? Decoded.failed(DecodeError.TRUNCATED, "value ended before the " + readerSchema.getName() + " record did")
                    : Decoded.failed(DecodeError.MALFORMED, "cannot read " + readerSchema.getName() + ": " + e.getMessage());
        } catch (SystemLimitException e) {
            return Decoded.failed(DecodeError.MALFORMED, "malformed " + readerSchema.getName() + " body: " + e.getMessage());
        } catch (RuntimeException e) {
            if (causedByEof(e)) {
                return Decoded.failed(DecodeError.TRUNCATED, "value ended before the " + readerSchema.getName() + " record did");
            }
            // Avro signals corrupt lengths, bad enum indexes and bad UTF-8 with assorted runtime exceptions.
            return Decoded.failed(DecodeError.MALFORMED, "malformed " + readerSchema.getName() + " body: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static boolean causedByEof(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes).orThrow();
    }
}
