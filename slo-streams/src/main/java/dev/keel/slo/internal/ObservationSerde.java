package dev.keel.slo.internal;

import dev.keel.schemas.Lane;
import dev.keel.schemas.ResultStatus;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The wire format of {@link Observation} on the engine's internal repartition topic: a version
 * byte then fixed fields. Internal to one application, so no schema registry is involved; the
 * version byte lets a newer build refuse an unknown layout loudly. Stateless and thread-safe.
 */
public final class ObservationSerde implements Serde<Observation> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<Observation> serializer() {
        return (topic, o) -> o == null ? null : write(o);
    }

    @Override
    public Deserializer<Observation> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(Observation o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(o.kind().ordinal());
            out.writeLong(o.eventTime());
            writeNullable(out, o.requestId());
            writeNullable(out, o.tenant());
            writeNullable(out, o.feature());
            writeNullable(out, o.provider());
            out.writeByte(o.lane().ordinal());
            out.writeByte(o.status() == null ? -1 : o.status().ordinal());
            out.writeLong(o.latencyMs());
            out.writeDouble(o.costUsd());
            out.writeBoolean(o.cacheHit());
            out.writeBoolean(o.failover());
            out.writeInt(o.sourcePartition());
        } catch (IOException e) {
            throw new SerializationException("cannot write an observation", e);
        }
        return bytes.toByteArray();
    }

    static Observation read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown observation layout version " + version);
            }
            Observation.Kind kind = Observation.Kind.values()[in.readByte()];
            long eventTime = in.readLong();
            String requestId = readNullable(in);
            String tenant = readNullable(in);
            String feature = readNullable(in);
            String provider = readNullable(in);
            Lane lane = Lane.values()[in.readByte()];
            byte status = in.readByte();
            return new Observation(kind, eventTime, requestId, tenant, feature, provider, lane,
                    status < 0 ? null : ResultStatus.values()[status], in.readLong(), in.readDouble(), in.readBoolean(), in.readBoolean(),
                    in.readInt());
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new SerializationException("malformed observation", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            // writeUTF is limited to 64 KiB; identifiers are far shorter, a longer one is cut.
            out.writeUTF(s.length() > 1024 ? s.substring(0, 1024) : s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
