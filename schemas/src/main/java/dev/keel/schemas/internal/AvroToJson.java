package dev.keel.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/** Writes records as plain JSON with the Avro field names; every field is present, absent values as null; bytes as base64. */
public final class AvroToJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroToJson() {
    }

    public static ObjectNode write(IndexedRecord record) {
        return (ObjectNode) write(record, record.getSchema());
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static JsonNode write(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                ObjectNode node = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    node.set(field.name(), write(record.get(field.pos()), field.schema()));
                }
                yield node;
            }
            case UNION -> write(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case STRING, ENUM -> NODES.textNode(value.toString());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) value) {
                    array.add(write(item, schema.getElementType()));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.set(entry.getKey().toString(), write(entry.getValue(), schema.getValueType()));
                }
                yield map;
            }
            case NULL -> NODES.nullNode();
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytesOf((ByteBuffer) value)));
            case FIXED -> throw new IllegalArgumentException("fixed fields are not supported at the JSON edge");
        };
    }
}
