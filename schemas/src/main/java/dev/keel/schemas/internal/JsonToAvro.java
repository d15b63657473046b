package dev.keel.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads plain JSON (Avro field names, no union wrappers) into records of the given model: a
 * {@code SpecificData} model yields generated classes, {@code GenericData} yields generic records.
 * Strict: unknown fields, missing required fields and mistyped values fail with the JSON path. Bytes are base64 text.
 */
public final class JsonToAvro {

    private final GenericData model;

    public JsonToAvro(GenericData model) {
        this.model = model;
    }

    /** Thrown with a message that names the offending path; never contains field values. */
    public static final class InvalidJsonRecord extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidJsonRecord(String path, String problem) {
            super((path.isEmpty() ? "" : path + ": ") + problem, null, false, false);
        }
    }

    public IndexedRecord readRecord(JsonNode node, Schema schema) {
        return (IndexedRecord) read(node, schema, "");
    }

    private Object read(JsonNode node, Schema schema, String path) {
        return switch (schema.getType()) {
            case RECORD -> readRecordAt(node, schema, path);
            case UNION -> readUnion(node, schema, path);
            case NULL -> {
                if (!node.isNull()) {
                    throw new InvalidJsonRecord(path, "expected null");
                }
                yield null;
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw new InvalidJsonRecord(path, "expected a string, got " + kind(node));
                }
                yield node.textValue();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new InvalidJsonRecord(path, "expected true or false, got " + kind(node));
                }
                yield node.booleanValue();
            }
            case INT -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw new InvalidJsonRecord(path, "expected a 32-bit integer, got " + kind(node));
                }
                yield node.intValue();
            }
            case LONG -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new InvalidJsonRecord(path, "expected an integer, got " + kind(node));
                }
                yield node.longValue();
            }
            case FLOAT, DOUBLE -> {
                if (!node.isNumber()) {
                    throw new InvalidJsonRecord(path, "expected a number, got " + kind(node));
                }
                yield schema.getType() == Schema.Type.FLOAT ? (Object) node.floatValue() : (Object) node.doubleValue();
            }
            case ENUM -> {
                if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
                    throw new InvalidJsonRecord(path, "expected one of " + String.join(", ", schema.getEnumSymbols())
                            + (node.isTextual() ? ", got '" + abbreviate(node.textValue()) + "'" : ", got " + kind(node)));
                }
                yield model.createEnum(node.textValue(), schema);
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw new InvalidJsonRecord(path, "expected an array, got " + kind(node));
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                yield items;
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw new InvalidJsonRecord(path, "expected an object, got " + kind(node));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), read(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
                }
                yield map;
            }
            case BYTES -> {
                if (!node.isTextual()) {
                    throw new InvalidJsonRecord(path, "expected base64 bytes, got " + kind(node));
                }
                try {
                    yield ByteBuffer.wrap(Base64.getDecoder().decode(node.textValue()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidJsonRecord(path, "expected base64 bytes, got a string that is not base64");
                }
            }
            case FIXED -> throw new InvalidJsonRecord(path, "fixed fields are not supported at the JSON edge");
        };
    }

    private Object readRecordAt(JsonNode node, Schema schema, String path) {
        if (!node.isObject()) {
            throw new InvalidJsonRecord(path, "expected an object, got " + kind(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new InvalidJsonRecord(join(path, name), "unknown field of " + schema.getName());
            }
        }
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = join(path, field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new InvalidJsonRecord(fieldPath, "missing required field");
                }
                record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
            } else {
                record.put(field.pos(), read(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private Object readUnion(JsonNode node, Schema schema, String path) {
        List<Schema> branches = schema.getTypes();
        if (node.isNull()) {
            if (branches.stream().noneMatch(s -> s.getType() == Schema.Type.NULL)) {
                throw new InvalidJsonRecord(path, "must not be null");
            }
            return null;
        }
        List<Schema> nonNull = branches.stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (nonNull.size() != 1) {
            throw new InvalidJsonRecord(path, "unions other than [null, T] are not supported at the JSON edge");
        }
        return read(node, nonNull.getFirst(), path);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
