package dev.keel.providers;

import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.schemas.AttemptOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to the connection at the end of a call, seen from a raw server socket. A deadline that passes
 * while the body stalls must drop the connection, not just wake the reader (an open one would hold a socket, and
 * the provider's slot, until some idle timeout); a body read to its end must leave it open for the next call.
 */
class ConnectionLifecycleIT {

    /** Bounds the server's wait for the client's close, so a regression fails instead of hanging (far below 2 min). */
    private static final int CLOSE_WAIT_MS = 20_000;

    // The total limit is long, so Jetty's own idle limit (total + 1 s) cannot be what closes the connection.
    @Test
    void shouldDropConnectionWhenStreamStallsPastTtft() throws Exception {
        CallTimeouts timeouts = new CallTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofMinutes(2));
        String headers = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

        Stalled stalled = callStallingServer(headers, timeouts);

        assertThat(stalled.reply().outcome()).isEqualTo(AttemptOutcome.TTFT_TIMEOUT);
        assertThat(stalled.reply().httpStatus()).isEqualTo(200);
        assertThat(stalled.serverSawClose()).as("the client closed the stalled connection").isTrue();
    }

    @Test
    void shouldDropConnectionWhenStreamStallsMidway() throws Exception {
        CallTimeouts timeouts = new CallTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMinutes(2));
        String event = "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";
        String headers = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";

        Stalled stalled = callStallingServer(headers, timeouts);

        assertThat(stalled.reply().outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
        assertThat(stalled.reply().ttft()).isNotNull();
        assertThat(stalled.serverSawClose()).as("the client closed the stalled connection").isTrue();
    }

    @Test
    void shouldReuseConnectionWhenBodyWasReadToItsEnd() throws Exception {
        // Given: a server that accepts one connection only and answers every request on it
        String body = "{\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hi\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        CallTimeouts timeouts = new CallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ProviderClient client = client(server)) {
            Thread answering = Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    for (int i = 0; i < 2; i++) {
                        InputStream in = socket.getInputStream();
                        in.readNBytes(readRequestHead(in));
                        socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // the second call then fails, which the assertions report
                }
            });

            // When: two calls one after the other (a second connection would never be accepted)
            ProviderReply first = client.call(SimBackedClients.call(ProviderKind.OPENAI, false, timeouts));
            ProviderReply second = client.call(SimBackedClients.call(ProviderKind.OPENAI, false, timeouts));
            answering.join();

            // Then
            assertThat(first.outcome()).isEqualTo(AttemptOutcome.OK);
            assertThat(second.outcome()).as("second call on the same connection: %s", second).isEqualTo(AttemptOutcome.OK);
        }
    }

    private static ProviderClient client(ServerSocket server) {
        URI baseUrl = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
        return ProviderClients.create("primary",
                SimBackedClients.config(ProviderKind.OPENAI, baseUrl, SimBackedClients.OPENAI_MODEL, null),
                () -> Secret.of("sk-lifecycle-it-0123456789"), InstantSource.system());
    }

    private record Stalled(ProviderReply reply, boolean serverSawClose) {
    }

    /** Given a server that answers {@code response} and then sends nothing, when a call times out, then: what the server saw. */
    private static Stalled callStallingServer(String response, CallTimeouts timeouts) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (ProviderClient client = client(server)) {
                ProviderReply[] reply = new ProviderReply[1];
                Thread caller = Thread.ofVirtual().start(() ->
                        reply[0] = client.call(SimBackedClients.call(ProviderKind.OPENAI, true, timeouts)));
                try (Socket socket = server.accept()) {
                    readRequestHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    caller.join();
                    socket.setSoTimeout(CLOSE_WAIT_MS);
                    return new Stalled(reply[0], readsToEnd(socket.getInputStream()));
                }
            }
        }
    }

    /** Reads a request's head. @return its Content-Length (0 when absent) */
    private static int readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the client closed before sending its request");
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    /** @return true when the client closed its end (the rest of the request body, if any, is skipped) */
    private static boolean readsToEnd(InputStream in) {
        try {
            while (in.read() != -1) {
                // the request body the client may still be sending
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) { // a reset is a close too
            return true;
        }
    }
}
