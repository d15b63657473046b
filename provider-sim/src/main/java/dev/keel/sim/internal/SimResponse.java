package dev.keel.sim.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes one HTTP/1.1 response with full control of the bytes and the socket: a whole body with
 * {@code Content-Length}, a {@code chunked} stream written event by event, a body cut short, or a TCP
 * reset. That control is why the simulator owns its sockets instead of using a server library.
 * Used by one connection thread.
 */
final class SimResponse {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final OutputStream out;
    private boolean reusable = true;

    SimResponse(Socket socket, OutputStream out) {
        this.socket = socket;
        this.out = out;
    }

    /** False once the response left the connection unusable (cut, reset, or not properly framed). */
    boolean reusable() {
        return reusable;
    }

    void whole(int status, String contentType, Map<String, String> headers, byte[] body) throws IOException {
        head(status, contentType, headers, "Content-Length: " + body.length);
        out.write(body);
        out.flush();
    }

    /** Headers of a body announced whole; the body follows through {@link #write}. */
    void beginWhole(int status, String contentType, Map<String, String> headers, int length) throws IOException {
        head(status, contentType, headers, "Content-Length: " + length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    /** Sends the headers and only {@code sent} bytes of a body announced whole, then closes the connection (FIN). */
    void cut(int status, String contentType, Map<String, String> headers, byte[] body, int sent) throws IOException {
        head(status, contentType, headers, "Content-Length: " + body.length);
        out.write(body, 0, Math.min(sent, body.length));
        out.flush();
        reusable = false;
        socket.shutdownOutput();
    }

    void startChunked(int status, String contentType, Map<String, String> headers) throws IOException {
        head(status, contentType, headers, "Transfer-Encoding: chunked");
    }

    /** One chunk; buffered until {@link #flush()}. */
    void chunk(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return;
        }
        out.write(Integer.toHexString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(bytes);
        out.write(CRLF);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The last chunk: the HTTP body ends properly, whatever the events said. */
    void endChunked() throws IOException {
        out.write('0');
        out.write(CRLF);
        out.write(CRLF);
        out.flush();
    }

    /** Aborts the connection with a TCP RST (SO_LINGER 0), as a crashing load balancer does. */
    void reset() throws IOException {
        reusable = false;
        out.flush();
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private void head(int status, String contentType, Map<String, String> headers, String framing) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append(framing).append("\r\n")
                .append("Connection: keep-alive\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 529 -> "Site Overloaded";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}
