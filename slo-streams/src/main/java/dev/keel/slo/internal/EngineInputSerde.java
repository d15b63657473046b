package dev.keel.slo.internal;

import dev.keel.schemas.Lane;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of {@link EngineInput} on the engine's internal topic: a version byte, a kind byte,
 * then fixed fields (a partial carries its bucket in {@link Bucket#encode()}'s layout). Internal to one
 * application, so no schema registry; the version byte makes a newer build refuse an unknown layout
 * loudly. Stateless and thread-safe.
 */
public final class EngineInputSerde implements Serde<EngineInput> {

    private static final byte VERSION = 2;
    private static final byte PARTIAL = 0;
    private static final byte REQUESTS = 1;
    private static final byte WATERMARK = 2;

    @Override
    public Serializer<EngineInput> serializer() {
        return (topic, v) -> v == null ? null : write(v);
    }

    @Override
    public Deserializer<EngineInput> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(EngineInput input) {
        return switch (input) {
            case EngineInput.Partial p -> {
                byte[] scope = p.scope().getBytes(StandardCharsets.UTF_8);
                byte[] id = p.requestId() == null ? null : p.requestId().getBytes(StandardCharsets.UTF_8);
                byte[] bucket = p.bucket().encode();
                ByteBuffer b = ByteBuffer.allocate(2 + 8 + 4 + scope.length + 1 + 4 + (id == null ? 0 : id.length) + 8 + bucket.length);
                b.put(VERSION).put(PARTIAL).putLong(p.minute()).putInt(scope.length).put(scope).put((byte) p.lane().ordinal())
                        .putInt(id == null ? -1 : id.length);
                if (id != null) {
                    b.put(id);
                }
                yield b.putLong(p.eventTime()).put(bucket).array();
            }
            case EngineInput.Requests r -> ByteBuffer.allocate(18).put(VERSION).put(REQUESTS).putLong(r.minute()).putLong(r.count()).array();
            case EngineInput.Watermark w -> ByteBuffer.allocate(23).put(VERSION).put(WATERMARK).putInt(w.source()).putLong(w.clock())
                    .putLong(w.progress()).put((byte) (w.idle() ? 1 : 0)).array();
        };
    }

    static EngineInput read(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            if (version != VERSION) {
                throw new SerializationException("unknown engine input layout version " + version);
            }
            byte kind = b.get();
            return switch (kind) {
                case PARTIAL -> {
                    long minute = b.getLong();
                    String scope = string(b, b.getInt());
                    Lane lane = Lane.values()[b.get()];
                    int idLength = b.getInt();
                    String id = idLength < 0 ? null : string(b, idLength);
                    long eventTime = b.getLong();
                    byte[] bucket = new byte[b.remaining()];
                    b.get(bucket);
                    yield new EngineInput.Partial(minute, scope, lane, Bucket.decode(bucket, true), id, eventTime);
                }
                case REQUESTS -> new EngineInput.Requests(b.getLong(), b.getLong());
                case WATERMARK -> new EngineInput.Watermark(b.getInt(), b.getLong(), b.getLong(), b.get() == 1);
                default -> throw new SerializationException("unknown engine input kind " + kind);
            };
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalStateException e) {
            throw new SerializationException("malformed engine input", e);
        }
    }

    private static String string(ByteBuffer b, int length) {
        byte[] raw = new byte[length];
        b.get(raw);
        return new String(raw, StandardCharsets.UTF_8);
    }
}
