package dev.keel.sim.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpRequestReaderTest {

    private static HttpRequestReader reader(String raw, ByteArrayOutputStream out) {
        return new HttpRequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), out);
    }

    @Test
    void shouldReadTwoKeepAliveRequestsThenEndWhenClientCloses() throws IOException {
        // Given
        String raw = "POST /v1/messages?beta=true HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nX-Api-Key: k\r\n\r\n{}"
                + "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
        HttpRequestReader reader = reader(raw, new ByteArrayOutputStream());

        // When
        SimRequest first = reader.next();
        SimRequest second = reader.next();
        SimRequest none = reader.next();

        // Then
        assertThat(first.path()).isEqualTo("/v1/messages");
        assertThat(first.header("x-api-key")).isEqualTo("k");
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(first.keepAlive()).isTrue();
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(second.keepAlive()).isFalse();
        assertThat(none).isNull();
    }

    @Test
    void shouldReassembleChunkedBodyAndAnswerExpectContinue() throws IOException {
        // Given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String raw = "POST /v1/messages HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
                + "4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n";

        // When
        SimRequest request = reader(raw, out).next();

        // Then
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    }

    @Test
    void shouldRejectGarbageAndConnectionsCutMidRequest() {
        assertThatThrownBy(() -> reader("HELLO\r\n\r\n", new ByteArrayOutputStream()).next()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> reader("POST / HTTP/1.1\r\nContent-", new ByteArrayOutputStream()).next())
                .isInstanceOf(IOException.class);
    }
}
