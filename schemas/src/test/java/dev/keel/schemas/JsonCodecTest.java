package dev.keel.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class JsonCodecTest {

    static Stream<SpecificRecord> everyRecord() {
        return KeelSerdeTest.everyRecord();
    }

    @ParameterizedTest
    @MethodSource("everyRecord")
    void shouldRoundTripEveryRecordThroughJson(SpecificRecord record) {
        // When
        String json = JsonCodec.toJson(record);
        Decoded<? extends SpecificRecord> read = JsonCodec.read(json, record.getClass());

        // Then
        assertThat(read).isEqualTo(Decoded.ok(record));
    }

    @Test
    void shouldUseAvroFieldNamesAndPlainValues() {
        String json = JsonCodec.toJson(Samples.request());

        assertThat(json).contains("\"request_id\":\"req-1\"", "\"tenant_id\":\"acme\"", "\"lane\":\"BATCH\"",
                "\"messages\":[{\"role\":\"user\"", "\"max_output_tokens\":256");
        assertThat(JsonCodec.toJson(Samples.page())).contains("\"for\":\"PT15M\"");
    }

    @Test
    void shouldFillDefaultsForOmittedOptionalFields() {
        // Given: the smallest valid request
        String json = """
                {"request_id": "r1", "tenant_id": "t1", "feature": "f1",
                 "messages": [{"role": "user", "content": "hello"}]}""";

        // When
        PromptRequest request = JsonCodec.read(json, PromptRequest.class).orThrow();

        // Then
        assertThat(request.getLane()).isEqualTo(Lane.INTERACTIVE);
        assertThat(request.getCache()).isEqualTo(CacheMode.DEFAULT);
        assertThat(request.getAttributes()).isEmpty();
        assertThat(request.getFailover()).isTrue();
        assertThat(request.getCreatedAt()).isNull();
    }

    @Test
    void shouldNameAMissingRequiredField() {
        Decoded<PromptRequest> read = JsonCodec.read("{\"request_id\":\"r1\",\"feature\":\"f\",\"messages\":[]}", PromptRequest.class);

        assertThat(failure(read)).isEqualTo(new DecodeFailure(DecodeError.INVALID_RECORD, "tenant_id: missing required field"));
    }

    @Test
    void shouldNameAnUnknownField() {
        Decoded<PromptRequest> read = JsonCodec.read(
                "{\"request_id\":\"r1\",\"tenant\":\"t\",\"feature\":\"f\",\"messages\":[]}", PromptRequest.class);

        assertThat(failure(read).message()).isEqualTo("tenant: unknown field of PromptRequest");
    }

    @Test
    void shouldNameTheNestedPathOfABadEnum() {
        Decoded<PromptRequest> read = JsonCodec.read("""
                {"request_id":"r1","tenant_id":"t","feature":"f",
                 "messages":[{"role":"user","content":"a"},{"role":"system","content":"b"}]}""", PromptRequest.class);

        assertThat(failure(read).message()).isEqualTo("messages[1].role: expected one of user, assistant, got 'system'");
    }

    @Test
    void shouldRejectWrongTypesAndNulls() {
        assertThat(failure(JsonCodec.read("{\"request_id\":7,\"tenant_id\":\"t\",\"feature\":\"f\",\"messages\":[]}",
                PromptRequest.class)).message()).isEqualTo("request_id: expected a string, got an integer");
        assertThat(failure(JsonCodec.read("{\"request_id\":null,\"tenant_id\":\"t\",\"feature\":\"f\",\"messages\":[]}",
                PromptRequest.class)).message()).isEqualTo("request_id: expected a string, got null");
        assertThat(failure(JsonCodec.read("{\"request_id\":\"r\",\"tenant_id\":\"t\",\"feature\":\"f\",\"messages\":[],"
                + "\"max_output_tokens\":1.5}", PromptRequest.class)).message())
                .isEqualTo("max_output_tokens: expected a 32-bit integer, got a decimal number");
    }

    @Test
    void shouldWriteBytesAsBase64AndRejectTextThatIsNotBase64() {
        SliSnapshot sli = SliSnapshot.newBuilder(Samples.sli()).setLatencySketch(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3})).build();
        assertThat(JsonCodec.toJson(sli)).contains("\"latency_sketch\":\"AQID\"");
        String bad = JsonCodec.toJson(sli).replace("\"AQID\"", "\"not base64!\"");
        assertThat(failure(JsonCodec.read(bad, SliSnapshot.class)).message())
                .isEqualTo("latency_sketch: expected base64 bytes, got a string that is not base64");
    }

    @Test
    void shouldRejectTextThatIsNotAJsonObject() {
        assertThat(failure(JsonCodec.read("{\"request_id\": ", PromptRequest.class)).code()).isEqualTo(DecodeError.INVALID_JSON);
        assertThat(failure(JsonCodec.read("[1,2]", PromptRequest.class)).code()).isEqualTo(DecodeError.INVALID_JSON);
    }

    private static DecodeFailure failure(Decoded<?> decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Failed.class);
        return ((Decoded.Failed<?>) decoded).failure();
    }
}
