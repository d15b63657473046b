package dev.keel.slo.internal;

import dev.keel.schemas.Lane;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of {@link EngineInput} on the engine's internal topic: a version byte, a kind byte,
 * then fixed fields (a partial carries its bucket in {@link Bucket#encode()}'s layout). A
 * {@link EngineInput.Batch} (version 3) is its partition, its element count, then each element as a kind
 * byte and that kind's fields. Lone inputs keep version 2's layout, so records an older build left on the
 * topic still decode. Internal to one application, so no schema registry; the version byte makes a newer
 * build refuse an unknown layout loudly. Stateless and thread-safe.
 */
public final class EngineInputSerde implements Serde<EngineInput> {

    private static final byte VERSION = 2;
    private static final byte BATCH_VERSION = 3;
    private static final byte PARTIAL = 0;
    private static final byte REQUESTS = 1;
    private static final byte WATERMARK = 2;
    private static final byte BATCH = 3;

    @Override
    public Serializer<EngineInput> serializer() {
        return (topic, v) -> v == null ? null : write(v);
    }

    @Override
    public Deserializer<EngineInput> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(EngineInput input) {
        if (input instanceof EngineInput.Batch batch) {
            List<byte[]> parts = new ArrayList<>(batch.inputs().size());
            int size = 2 + 4 + 4;
            for (EngineInput element : batch.inputs()) {
                if (element instanceof EngineInput.Batch) {
                    throw new IllegalArgumentException("a batch holds no batch");
                }
                byte[] part = body(element, true);
                parts.add(part);
                size += part.length;
            }
            ByteBuffer b = ByteBuffer.allocate(size).put(BATCH_VERSION).put(BATCH).putInt(batch.partition()).putInt(parts.size());
            parts.forEach(b::put);
            return b.array();
        }
        byte[] body = body(input, false);
        return ByteBuffer.allocate(1 + body.length).put(VERSION).put(body).array();
    }

    /** The kind byte and fields of a lone input; {@code sized}: a partial's bucket carries its length (in a batch). */
    private static byte[] body(EngineInput input, boolean sized) {
        return switch (input) {
            case EngineInput.Partial p -> {
                byte[] scope = p.scope().getBytes(StandardCharsets.UTF_8);
                byte[] id = p.requestId() == null ? null : p.requestId().getBytes(StandardCharsets.UTF_8);
                byte[] bucket = p.bucket().encode();
                ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + scope.length + 1 + 4 + (id == null ? 0 : id.length) + 8 + (sized ? 4 : 0) + bucket.length);
                b.put(PARTIAL).putLong(p.minute()).putInt(scope.length).put(scope).put((byte) p.lane().ordinal())
                        .putInt(id == null ? -1 : id.length);
                if (id != null) {
                    b.put(id);
                }
                b.putLong(p.eventTime());
                if (sized) {
                    b.putInt(bucket.length);
                }
                yield b.put(bucket).array();
            }
            case EngineInput.Requests r -> ByteBuffer.allocate(17).put(REQUESTS).putLong(r.minute()).putLong(r.count()).array();
            case EngineInput.Watermark w -> ByteBuffer.allocate(22).put(WATERMARK).putInt(w.source()).putLong(w.clock())
                    .putLong(w.progress()).put((byte) (w.idle() ? 1 : 0)).array();
            case EngineInput.Batch ignored -> throw new IllegalArgumentException("a batch holds no batch");
        };
    }

    static EngineInput read(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            if (version == BATCH_VERSION) {
                byte kind = b.get();
                if (kind != BATCH) {
                    throw new SerializationException("unknown engine input kind " + kind + " in layout version " + version);
                }
                int partition = b.getInt();
                int n = b.getInt();
                if (n < 0 || n > b.remaining()) {
                    throw new SerializationException("malformed engine input batch");
                }
                List<EngineInput> inputs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    inputs.add(element(b, true));
                }
                return new EngineInput.Batch(partition, inputs);
            }
            if (version != VERSION) {
                throw new SerializationException("unknown engine input layout version " + version);
            }
            return element(b, false);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalStateException | IllegalArgumentException e) {
            throw new SerializationException("malformed engine input", e);
        }
    }

    /** One lone input; {@code sized} when a partial's bucket carries its length (batches), else it runs to the end. */
    private static EngineInput element(ByteBuffer b, boolean sized) {
        byte kind = b.get();
        return switch (kind) {
            case PARTIAL -> {
                long minute = b.getLong();
                String scope = string(b, b.getInt());
                Lane lane = Lane.values()[b.get()];
                int idLength = b.getInt();
                String id = idLength < 0 ? null : string(b, idLength);
                long eventTime = b.getLong();
                byte[] bucket = new byte[sized ? b.getInt() : b.remaining()];
                b.get(bucket);
                yield new EngineInput.Partial(minute, scope, lane, Bucket.decode(bucket, true), id, eventTime);
            }
            case REQUESTS -> new EngineInput.Requests(b.getLong(), b.getLong());
            case WATERMARK -> new EngineInput.Watermark(b.getInt(), b.getLong(), b.getLong(), b.get() == 1);
            default -> throw new SerializationException("unknown engine input kind " + kind);
        };
    }

    private static String string(ByteBuffer b, int length) {
        if (length < 0 || length > b.remaining()) {
            throw new SerializationException("malformed engine input");
        }
        byte[] raw = new byte[length];
        b.get(raw);
        return new String(raw, StandardCharsets.UTF_8);
    }
}
