package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.providers.CallTimeouts;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.testbase.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream read loop under an injected clock: TTFT, idle and truncation decided without sockets or sleeps. */
class BodyReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CallTimeouts TIMEOUTS = new CallTimeouts(Duration.ofMillis(2000), Duration.ofMillis(500), Duration.ofSeconds(30));

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final CallDeadlines deadlines = new CallDeadlines(clock.instant(), TIMEOUTS, true);

    /** Each read advances the clock, then returns the next piece; an IOException piece is thrown. */
    private final class ScriptedBody extends InputStream {
        private final Deque<Object[]> pieces = new ArrayDeque<>();

        ScriptedBody then(long advanceMs, String text) {
            pieces.add(new Object[]{advanceMs, text});
            return this;
        }

        ScriptedBody thenFail(long advanceMs, IOException failure) {
            pieces.add(new Object[]{advanceMs, failure});
            return this;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads in blocks");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Object[] piece = pieces.poll();
            if (piece == null) {
                return -1;
            }
            clock.advanceMillis((Long) piece[0]);
            if (piece[1] instanceof IOException failure) {
                throw failure;
            }
            byte[] bytes = ((String) piece[1]).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }
    }

    private static String openAiChunk(String deltaJson) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":"
                + deltaJson + ",\"finish_reason\":null}]}\n\n";
    }

    private static String anthropic(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private BodyReader reader(BodyReader.Watch watch) {
        return new BodyReader(deadlines, clock, watch);
    }

    @Test
    void shouldMeasureTtftAtFirstContentNotAtRoleDeltaWhenStreamCompletes() {
        // Given: role-only delta at 50 ms, empty content at 80 ms, first text at 300 ms
        ScriptedBody body = new ScriptedBody()
                .then(50, openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}"))
                .then(30, openAiChunk("{\"content\":\"\"}"))
                .then(220, openAiChunk("{\"content\":\"Hello\"}"))
                .then(100, openAiChunk("{\"content\":\" world\"}") + "data: [DONE]\n\n");
        OpenAiStream state = new OpenAiStream(JSON);

        // When
        Failure failure = reader(BodyReader.Watch.NONE).readStream(body, state);

        // Then
        assertThat(failure).isNull();
        assertThat(deadlines.ttft()).contains(Duration.ofMillis(300));
        assertThat(state.output()).isEqualTo("Hello world");
    }

    @Test
    void shouldTimeOutFirstTokenWhenOnlyPingsArrive() {
        // Given: bytes keep arriving (start, pings), but no content before 2 s
        ScriptedBody body = new ScriptedBody()
                .then(100, anthropic("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":9}}}"))
                .then(0, anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"))
                .then(1400, anthropic("ping", "{\"type\": \"ping\"}"))
                .then(499, anthropic("ping", "{\"type\": \"ping\"}"))
                .then(1, anthropic("ping", "{\"type\": \"ping\"}"))
                .then(10, anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"late\"}}"));
        AnthropicStream state = new AnthropicStream(JSON);

        // When
        Failure failure = reader(BodyReader.Watch.NONE).readStream(body, state);

        // Then: decided at exactly 2000 ms, on the third ping
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.TTFT_TIMEOUT);
        assertThat(clock.instant()).isEqualTo(deadlines.sent().plusMillis(2000));
        assertThat(deadlines.ttft()).isEmpty();
        assertThat(state.usage().inputTokens()).isEqualTo(9);
    }

    @Test
    void shouldTimeOutIdleWhenGapBetweenTokensExceedsLimit() {
        // Given
        ScriptedBody body = new ScriptedBody()
                .then(100, openAiChunk("{\"content\":\"a\"}"))
                .then(499, openAiChunk("{\"content\":\"b\"}"))
                .then(500, openAiChunk("{\"role\":\"assistant\"}"));
        OpenAiStream state = new OpenAiStream(JSON);

        // When
        Failure failure = reader(BodyReader.Watch.NONE).readStream(body, state);

        // Then: last content at 599 ms, checked at 1099 ms = 599 + 500
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
        assertThat(failure.detail()).contains("idle");
    }

    @Test
    void shouldFailProtocolWhenStreamEndsWithoutTerminator() {
        // Given
        ScriptedBody body = new ScriptedBody().then(10, openAiChunk("{\"content\":\"half an ans\"}"));

        // When
        Failure failure = reader(BodyReader.Watch.NONE).readStream(body, new OpenAiStream(JSON));

        // Then
        assertThat(failure).isEqualTo(Failure.of(AttemptOutcome.PROTOCOL, "stream ended without data: [DONE]"));
    }

    @Test
    void shouldSucceedWhenBytesFollowTheTerminatorOrTheDrainIsCut() {
        // Given
        ScriptedBody body = new ScriptedBody()
                .then(10, anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}"))
                .then(10, anthropic("message_stop", "{\"type\":\"message_stop\"}"))
                .then(10, ": trailing bytes\n\n")
                .thenFail(300, new IOException("closed"));

        // When
        Failure failure = reader(BodyReader.Watch.NONE).readStream(body, new AnthropicStream(JSON));

        // Then
        assertThat(failure).isNull();
        assertThat(deadlines.finished()).isTrue();
    }

    @Test
    void shouldReportWatchdogTimeoutWhenBlockedReadIsClosedUnderneath() {
        // Given: the watchdog closed the body at the TTFT deadline while read() was blocked
        BodyReader.Watch fired = new BodyReader.Watch() {
            @Override
            public AttemptOutcome fired() {
                return AttemptOutcome.TTFT_TIMEOUT;
            }

            @Override
            public void deadlineMoved() {
            }
        };
        ScriptedBody body = new ScriptedBody().thenFail(2000, new IOException("closed"));

        // When
        Failure failure = reader(fired).readStream(body, new OpenAiStream(JSON));

        // Then
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.TTFT_TIMEOUT);
    }

    @Test
    void shouldMapNetworkWhenConnectionIsResetMidStream() {
        // Given
        ScriptedBody body = new ScriptedBody()
                .then(10, openAiChunk("{\"content\":\"a\"}"))
                .thenFail(10, new SocketException("Connection reset"));

        // When
        Failure failure = reader(BodyReader.Watch.NONE).readStream(body, new OpenAiStream(JSON));

        // Then
        assertThat(failure).isEqualTo(Failure.of(AttemptOutcome.NETWORK, "connection reset"));
    }

    @Test
    void shouldTellWatchdogOnceWhenFirstContentMovesTheDeadline() {
        // Given
        int[] moves = {0};
        BodyReader.Watch counting = new BodyReader.Watch() {
            @Override
            public AttemptOutcome fired() {
                return null;
            }

            @Override
            public void deadlineMoved() {
                moves[0]++;
            }
        };
        ScriptedBody body = new ScriptedBody()
                .then(10, openAiChunk("{\"content\":\"a\"}"))
                .then(10, openAiChunk("{\"content\":\"b\"}") + "data: [DONE]\n\n");

        // When
        reader(counting).readStream(body, new OpenAiStream(JSON));

        // Then
        assertThat(moves[0]).isEqualTo(1);
    }

    @Test
    void shouldTellTheListenerOnceAtTheFirstTokenNotAtTheRoleDelta() {
        // Given: a role-only delta, then two content tokens
        int[] heard = {0};
        String[] outputAtToken = {null};
        OpenAiStream state = new OpenAiStream(JSON);
        ScriptedBody body = new ScriptedBody()
                .then(10, openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}"))
                .then(10, openAiChunk("{\"content\":\"a\"}"))
                .then(10, openAiChunk("{\"content\":\"b\"}") + "data: [DONE]\n\n");

        // When
        new BodyReader(deadlines, clock, BodyReader.Watch.NONE, () -> {
            heard[0]++;
            outputAtToken[0] = state.output();
        }).readStream(body, state);

        // Then
        assertThat(heard[0]).isEqualTo(1);
        assertThat(outputAtToken[0]).isEqualTo("a");
    }

    @Test
    void shouldFailProtocolWhenWholeBodyExceedsLimit() {
        // Given
        ScriptedBody body = new ScriptedBody().then(1, "x".repeat(100)).then(1, "y".repeat(100));

        // When
        Read<byte[]> read = reader(BodyReader.Watch.NONE).readAll(body, 150);

        // Then
        assertThat(read).isEqualTo(Read.failed(Failure.of(AttemptOutcome.PROTOCOL, "body larger than 150 bytes")));
    }
}
