package dev.keel.router.delivery;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The offsets of one partition that are finished beyond its committed prefix, written into the
 * offset commit's metadata string. A worker that takes the partition over (after a crash or a
 * rebalance) resumes at the committed offset and skips these, so a request whose result is already
 * committed is never sent to a provider again.
 *
 * <p>The idea is Confluent parallel-consumer's (offset maps in the commit metadata); the format is
 * Keel's own: {@code k1:<prefix>:<b|r><base64url>}, where {@code prefix} is the committed offset the
 * map is relative to (a map found under another offset — an operator reset the group — is ignored),
 * {@code b} a bitset (bit {@code i} set: offset {@code prefix + 1 + i} is done) and {@code r}
 * run lengths (varints alternating not-done and done runs from {@code prefix + 1}). The smaller one
 * is written; {@link #MAX_SPAN} bounds the bitset, so the string stays well under the broker's
 * {@code offset.metadata.max.bytes} (4096 by default).
 */
final class DoneOffsetsCodec {

    /** Offsets beyond the first unfinished one a partition may run ahead; keeps the metadata under ~2.8 KB. */
    static final int MAX_SPAN = 16_000;
    private static final String MAGIC = "k1:";

    private DoneOffsetsCodec() {
    }

    /** The metadata for {@code done} (each greater than {@code prefix}); empty when nothing is done beyond it. */
    static String encode(long prefix, NavigableSet<Long> done) {
        if (done.isEmpty()) {
            return "";
        }
        if (done.first() <= prefix) {
            throw new IllegalArgumentException("done offsets must lie beyond the prefix " + prefix);
        }
        long span = done.last() - prefix;
        if (span > MAX_SPAN) {
            throw new IllegalArgumentException("done offsets span " + span + " offsets, more than " + MAX_SPAN);
        }
        byte[] bits = new byte[(int) ((span + 7) / 8)];
        for (long offset : done) {
            long i = offset - prefix - 1;
            bits[(int) (i / 8)] |= (byte) (1 << (i % 8));
        }
        byte[] runs = runLengths(prefix, done);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return runs.length < bits.length
                ? MAGIC + prefix + ":r" + b64.encodeToString(runs)
                : MAGIC + prefix + ":b" + b64.encodeToString(bits);
    }

    /**
     * The done offsets a commit's metadata lists beyond {@code committedOffset}; empty when there is no
     * map, it was written for another offset, or it cannot be read (then those records are simply
     * processed again: at worst a duplicate provider call, never a lost request).
     */
    static Optional<NavigableSet<Long>> decode(long committedOffset, String metadata) {
        if (metadata == null || !metadata.startsWith(MAGIC)) {
            return Optional.empty();
        }
        try {
            int colon = metadata.indexOf(':', MAGIC.length());
            long prefix = Long.parseLong(metadata.substring(MAGIC.length(), colon));
            if (prefix != committedOffset) {
                return Optional.empty();
            }
            char kind = metadata.charAt(colon + 1);
            byte[] payload = Base64.getUrlDecoder().decode(metadata.substring(colon + 2));
            NavigableSet<Long> done = new TreeSet<>();
            if (kind == 'b') {
                for (int i = 0; i < payload.length * 8; i++) {
                    if ((payload[i / 8] & (1 << (i % 8))) != 0) {
                        done.add(prefix + 1 + i);
                    }
                }
            } else if (kind == 'r') {
                readRunLengths(prefix, payload, done);
            } else {
                return Optional.empty();
            }
            return Optional.of(done);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] runLengths(long prefix, NavigableSet<Long> done) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = prefix + 1;
        long runStart = -1;
        long previous = -1;
        for (long offset : done) {
            if (runStart >= 0 && offset == previous + 1) {
                previous = offset;
                continue;
            }
            if (runStart >= 0) {
                writeVarint(out, previous - runStart + 1);
                next = previous + 1;
            }
            writeVarint(out, offset - next);
            runStart = offset;
            previous = offset;
        }
        writeVarint(out, previous - runStart + 1);
        return out.toByteArray();
    }

    private static void readRunLengths(long prefix, byte[] payload, NavigableSet<Long> done) {
        int[] position = {0};
        long next = prefix + 1;
        while (position[0] < payload.length) {
            next += readVarint(payload, position);
            long run = readVarint(payload, position);
            if (run > MAX_SPAN || next - prefix > MAX_SPAN + 1) {
                throw new IllegalArgumentException("run beyond the span");
            }
            for (long i = 0; i < run; i++) {
                done.add(next++);
            }
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(byte[] in, int[] position) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = in[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 56) {
                throw new IllegalArgumentException("varint too long");
            }
        }
    }
}
