package dev.keel.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.SchemaCatalog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns any record of a Keel topic into one JSON line: a Keel record as its JSON edge form, anything
 * else (the DLQ, foreign bytes) as an envelope with coordinates, headers and the value in base64.
 */
final class AnyRecord {

    private AnyRecord() {
    }

    /** The record's JSON form; its type comes from the schema fingerprint in the value's header. */
    static String toJsonLine(ConsumerRecord<byte[], byte[]> record) {
        RecordType type = SchemaCatalog.shared().writerSchemaOf(record.value())
                .flatMap(schema -> RecordType.ofRecordName(schema.getFullName())).orElse(null);
        if (type != null) {
            Decoded<? extends SpecificRecord> decoded = type.serde().decode(record.value());
            if (decoded instanceof Decoded.Ok<? extends SpecificRecord> ok) {
                return JsonCodec.toJson(ok.value());
            }
        }
        return envelope(record).toString();
    }

    static ObjectNode envelope(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("topic", record.topic());
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("timestamp", record.timestamp());
        node.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        ObjectNode headers = node.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        node.put("value_base64", record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
        return node;
    }
}
