package dev.keel.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.schemas.internal.AvroToJson;
import dev.keel.schemas.internal.JsonToAvro;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The edge format of Keel records (CLI, files, HTTP): plain JSON with the Avro field names
 * (snake_case), nullable fields as JSON null, enums as their symbol, no union wrappers.
 *
 * <p>Reading is strict and returns a {@link Decoded}: an unknown field, a missing required field or a
 * wrong type fails with a message naming the path ({@code messages[0].role: expected one of user,
 * assistant}), never echoing values. Thread-safe.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonCodec() {
    }

    public static <T extends SpecificRecord> Decoded<T> read(String json, Class<T> type) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Decoded.failed(DecodeError.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        return read(node, type);
    }

    public static <T extends SpecificRecord> Decoded<T> read(JsonNode node, Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        return readWith(model, schema, node).map(type::cast);
    }

    /** Reads generic records against any schema (tools, tests). */
    public static Decoded<Object> readGeneric(JsonNode node, Schema schema) {
        return readWith(GenericData.get(), schema, node);
    }

    private static Decoded<Object> readWith(GenericData model, Schema schema, JsonNode node) {
        if (node == null || node.isMissingNode() || !node.isObject()) {
            return Decoded.failed(DecodeError.INVALID_JSON, "expected a JSON object for " + schema.getName());
        }
        try {
            return Decoded.ok(new JsonToAvro(model).readRecord(node, schema));
        } catch (JsonToAvro.InvalidJsonRecord e) {
            return Decoded.failed(DecodeError.INVALID_RECORD, e.getMessage());
        }
    }

    public static ObjectNode toJsonNode(SpecificRecord record) {
        return AvroToJson.write(record);
    }

    /** One line of JSON, suitable for JSONL files and {@code keel tail}. */
    public static String toJson(SpecificRecord record) {
        return toJsonNode(record).toString();
    }

    public static String toPrettyJson(SpecificRecord record) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonNode(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
