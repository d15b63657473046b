package dev.keel.providers.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    private static final String ANTHROPIC_FIXTURE = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":25,"output_tokens":1}}}

            event: ping
            data: {"type": "ping"}

            : a comment line is ignored
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Héllo ✓"}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static List<SseEvent> parseInChunks(byte[] bytes, int chunkSize) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            events.addAll(parser.feed(bytes, i, Math.min(chunkSize, bytes.length - i)));
        }
        return events;
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void shouldYieldSameEventsWhenBytesAreSplitAnywhere(int chunkSize) {
        // Given: LF line endings, a comment, a ping and a multi-byte character split at odd offsets
        byte[] bytes = ANTHROPIC_FIXTURE.getBytes(StandardCharsets.UTF_8);

        // When
        List<SseEvent> events = parseInChunks(bytes, chunkSize);

        // Then
        assertThat(events).extracting(SseEvent::event)
                .containsExactly("message_start", "ping", "content_block_delta", "message_stop");
        assertThat(events.get(2).data()).contains("\"text\":\"Héllo ✓\"");
        assertThat(events.get(1).data()).isEqualTo("{\"type\": \"ping\"}");
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 5, 1000})
    void shouldHandleCrLfAndBareCrWhenSplitInsideThePair(int chunkSize) {
        // Given: CRLF everywhere, a bare CR line ending in the last event
        byte[] bytes = "data: {\"a\":1}\r\n\r\ndata: [DONE]\r\n\r\ndata: x\r\r".getBytes(StandardCharsets.US_ASCII);

        // When
        List<SseEvent> events = parseInChunks(bytes, chunkSize);

        // Then
        assertThat(events).extracting(SseEvent::data).containsExactly("{\"a\":1}", "[DONE]", "x");
        assertThat(events).extracting(SseEvent::event).containsOnly(SseEvent.DEFAULT_EVENT);
    }

    @Test
    void shouldJoinMultiLineDataWithNewlineWhenAnEventHasSeveralDataLines() {
        // Given
        byte[] bytes = "event: error\ndata: {\"type\":\"error\",\ndata:\"error\":{}}\n\n".getBytes(StandardCharsets.UTF_8);

        // When
        List<SseEvent> events = parseInChunks(bytes, 4);

        // Then: "data:" without a space keeps its value whole
        assertThat(events).containsExactly(new SseEvent("error", "{\"type\":\"error\",\n\"error\":{}}"));
    }

    @Test
    void shouldDropEventWithoutDataAndIgnoreIdAndRetryWhenDispatching() {
        // Given
        byte[] bytes = "event: nothing\n\nid: 7\nretry: 100\ndata: kept\n\n".getBytes(StandardCharsets.UTF_8);

        // When
        List<SseEvent> events = parseInChunks(bytes, 3);

        // Then
        assertThat(events).containsExactly(new SseEvent(SseEvent.DEFAULT_EVENT, "kept"));
    }

    @Test
    void shouldReportPartialEventWhenStreamStopsMidEvent() {
        // Given
        SseParser parser = new SseParser();
        byte[] bytes = "data: {\"choices\":[{\"delta\":{\"content\":\"tru".getBytes(StandardCharsets.UTF_8);

        // When
        List<SseEvent> events = parser.feed(bytes, 0, bytes.length);

        // Then
        assertThat(events).isEmpty();
        assertThat(parser.hasPartialEvent()).isTrue();
    }
}
