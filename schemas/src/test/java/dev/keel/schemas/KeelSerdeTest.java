package dev.keel.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeelSerdeTest {

    static Stream<SpecificRecord> everyRecord() {
        return Stream.of(Samples.request(), Samples.result(), Samples.sli(), Samples.page(), Samples.control());
    }

    @ParameterizedTest
    @MethodSource("everyRecord")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldRoundTripEveryRecordThroughSingleObjectEncoding(SpecificRecord record) {
        // Given
        KeelSerde serde = KeelSerde.of(record.getClass());

        // When
        byte[] bytes = serde.encode(record);
        Decoded<?> decoded = serde.decode(bytes);

        // Then
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(decoded).isEqualTo(Decoded.ok(record));
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", record))).isEqualTo(record);
    }

    @Test
    void shouldReadOldEventsWithAReaderThatAddedAnOptionalField() {
        // Given: v2 of ControlCommand adds an optional field; v1 events are on the topic.
        Schema v1 = ControlCommand.getClassSchema();
        Schema v2 = withOptionalReason(v1);
        byte[] writtenByV1 = KeelSerde.of(ControlCommand.class).encode(Samples.control());
        KeelSerde<Object> v2Reader = KeelSerde.generic(v2, SchemaCatalog.empty().register(v1));

        // When
        GenericRecord read = (GenericRecord) v2Reader.decode(writtenByV1).orThrow();

        // Then
        assertThat(read.get("setting").toString()).isEqualTo("bypass");
        assertThat(read.get("issued_by").toString()).isEqualTo("alice@oncall");
        assertThat(read.get("reason")).isNull();
    }

    @Test
    void shouldReadNewEventsWithAnOlderReaderOnceTheCatalogKnowsTheNewSchema() {
        // Given: a newer writer adds an optional field; its schema reached the readers first.
        Schema v1 = ControlCommand.getClassSchema();
        Schema v2 = withOptionalReason(v1);
        GenericRecord newer = new GenericData.Record(v2);
        newer.put("setting", "bypass");
        newer.put("value", "false");
        newer.put("issued_by", "bob");
        newer.put("issued_at", 42L);
        newer.put("reason", "rollback after drill");
        byte[] writtenByV2 = KeelSerde.generic(v2, SchemaCatalog.empty()).encode(newer);
        KeelSerde<Object> v1Reader = KeelSerde.generic(v1, SchemaCatalog.empty().register(v2));

        // When
        GenericRecord read = (GenericRecord) v1Reader.decode(writtenByV2).orThrow();

        // Then
        assertThat(read.getSchema()).isEqualTo(v1);
        assertThat(read.get("value").toString()).isEqualTo("false");
        assertThat(read.get("issued_at")).isEqualTo(42L);
    }

    @Test
    void shouldRejectGarbageWithAReason() {
        byte[] garbage = "{\"request_id\":\"x\"}".getBytes();

        Decoded<PromptRequest> decoded = KeelSerde.of(PromptRequest.class).decode(garbage);

        assertThat(failureOf(decoded).code()).isEqualTo(DecodeError.NOT_SINGLE_OBJECT);
        assertThat(failureOf(decoded).message()).contains("C3 01");
    }

    @Test
    void shouldRejectEmptyValues() {
        assertThat(failureOf(KeelSerde.of(PromptRequest.class).decode(new byte[0])).code()).isEqualTo(DecodeError.EMPTY);
        assertThat(failureOf(KeelSerde.of(PromptRequest.class).decode(null)).code()).isEqualTo(DecodeError.EMPTY);
    }

    @Test
    void shouldRejectEveryTruncationOfAValidRecord() {
        // Given
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        byte[] bytes = serde.encode(Samples.result());

        for (int length = 1; length < bytes.length; length++) {
            // When
            Decoded<PromptResult> decoded = serde.decode(Arrays.copyOf(bytes, length));

            // Then
            assertThat(decoded.isOk()).as("prefix of %d bytes", length).isFalse();
            assertThat(failureOf(decoded).code()).as("prefix of %d bytes", length)
                    .isIn(DecodeError.TRUNCATED, DecodeError.MALFORMED, DecodeError.NOT_SINGLE_OBJECT);
        }
        assertThat(failureOf(serde.decode(Arrays.copyOf(bytes, bytes.length - 3))).code()).isEqualTo(DecodeError.TRUNCATED);
    }

    @Test
    void shouldRejectAnUnknownFingerprintNamingIt() {
        // Given: a valid header with a fingerprint nobody registered
        byte[] bytes = KeelSerde.of(ControlCommand.class).encode(Samples.control());
        for (int i = 2; i < 10; i++) {
            bytes[i] = (byte) 0xAB;
        }

        // When
        DecodeFailure failure = failureOf(KeelSerde.of(ControlCommand.class).decode(bytes));

        // Then
        assertThat(failure.code()).isEqualTo(DecodeError.UNKNOWN_SCHEMA);
        assertThat(failure.message()).contains("abababababababab");
    }

    @Test
    void shouldNeverThrowOnRandomBodiesBehindAValidHeader() {
        // Given: the header of a known schema followed by random bytes
        KeelSerde<PromptRequest> serde = KeelSerde.of(PromptRequest.class);
        byte[] header = Arrays.copyOf(serde.encode(Samples.request()), 10);
        Random random = new Random(7);

        for (int i = 0; i < 2_000; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            byte[] bytes = new byte[10 + body.length];
            System.arraycopy(header, 0, bytes, 0, 10);
            System.arraycopy(body, 0, bytes, 10, body.length);

            // When / Then: either a record or a typed failure, never an exception
            Decoded<PromptRequest> decoded = serde.decode(bytes);
            assertThat(decoded).isNotNull();
        }
    }

    @Test
    void shouldRejectAHugeCollectionLengthWithoutAllocatingIt() {
        // Given: a request cut where its messages array starts, followed by a block count of 2^30 items
        KeelSerde<PromptRequest> serde = KeelSerde.of(PromptRequest.class);
        byte[] empty = serde.encode(PromptRequest.newBuilder(Samples.request()).setMessages(List.of()).build());
        byte[] one = serde.encode(PromptRequest.newBuilder(Samples.request())
                .setMessages(List.of(new ChatMessage(MessageRole.user, "x"))).build());
        int countAt = 0;
        while (empty[countAt] == one[countAt]) {
            countAt++; // the first differing byte is the array's block count
        }
        byte[] hugeCount = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x08}; // zig-zag varint of 2^30
        byte[] attack = Arrays.copyOf(empty, countAt + hugeCount.length + 16);
        System.arraycopy(hugeCount, 0, attack, countAt, hugeCount.length);

        // When
        Decoded<PromptRequest> decoded = serde.decode(attack);

        // Then: a typed failure, not an OutOfMemoryError
        assertThat(failureOf(decoded).code()).isEqualTo(DecodeError.MALFORMED);
        assertThat(failureOf(decoded).message()).contains("exceeds");
    }

    @Test
    void shouldCarryTheFailureInTheKafkaDeserializerException() {
        assertThatThrownBy(() -> KeelSerde.of(PromptRequest.class).deserializer().deserialize("t", new byte[]{1, 2, 3}))
                .isInstanceOf(UndecodableException.class)
                .satisfies(e -> assertThat(((UndecodableException) e).failure().code()).isEqualTo(DecodeError.NOT_SINGLE_OBJECT));
    }

    /** v1 plus {@code reason: ["null","string"] = null}, the textbook compatible change. */
    private static Schema withOptionalReason(Schema v1) {
        try {
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(v1.toString());
            ((ArrayNode) json.get("fields")).addObject()
                    .put("name", "reason").putNull("default")
                    .putArray("type").add("null").add("string");
            return new Schema.Parser().parse(json.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DecodeFailure failureOf(Decoded<?> decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Failed.class);
        return ((Decoded.Failed<?>) decoded).failure();
    }
}
