package dev.keel.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every writer schema a reader can decode, by CRC-64-AVRO fingerprint (the single-object header).
 *
 * <p>Keel runs without a schema registry, so evolution follows one rule: a schema version must
 * reach the readers before any writer uses it. The catalog knows the current schemas of the
 * generated records plus every retired version kept under {@code dev/keel/schemas/history/}
 * (listed in {@code history/INDEX}); when a record changes, its previous {@code .avsc} is copied
 * there. Thread-safe.
 */
public final class SchemaCatalog implements SchemaStore {

    private static final String HISTORY_INDEX = "/dev/keel/schemas/history/INDEX";
    private static final List<Schema> CURRENT = List.of(
            PromptRequest.getClassSchema(), PromptResult.getClassSchema(), SliSnapshot.getClassSchema(),
            PageEvent.getClassSchema(), ControlCommand.getClassSchema(), WorkerStatus.getClassSchema(),
            DrillEvent.getClassSchema(), BatchProgress.getClassSchema());
    private static final SchemaCatalog SHARED = withKeelSchemas();

    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

    /** The catalog of Keel's current and retired schemas. */
    public static SchemaCatalog shared() {
        return SHARED;
    }

    /** An empty catalog, for tests and tools that bring their own schemas. */
    public static SchemaCatalog empty() {
        return new SchemaCatalog();
    }

    private static SchemaCatalog withKeelSchemas() {
        SchemaCatalog catalog = new SchemaCatalog();
        CURRENT.forEach(catalog::register);
        loadHistory(catalog);
        return catalog;
    }

    private static void loadHistory(SchemaCatalog catalog) {
        try (InputStream index = SchemaCatalog.class.getResourceAsStream(HISTORY_INDEX)) {
            if (index == null) {
                return;
            }
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream avsc = SchemaCatalog.class.getResourceAsStream("/dev/keel/schemas/history/" + name)) {
                    if (avsc == null) {
                        throw new IllegalStateException("schema history lists " + name + " but the file is missing");
                    }
                    catalog.register(new Schema.Parser().parse(avsc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema history", e);
        }
    }

    /** Adds a writer schema; registering the same schema twice is harmless. */
    public SchemaCatalog register(Schema schema) {
        byFingerprint.put(fingerprint(schema), schema);
        return this;
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The writer schema named in a single-object header, if the bytes have one and it is known. */
    public java.util.Optional<Schema> writerSchemaOf(byte[] singleObject) {
        if (singleObject == null || singleObject.length < 10 || singleObject[0] != (byte) 0xC3 || singleObject[1] != (byte) 0x01) {
            return java.util.Optional.empty();
        }
        long fingerprint = java.nio.ByteBuffer.wrap(singleObject, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Optional.ofNullable(findByFingerprint(fingerprint));
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
