package dev.keel.sim.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests off a socket (RFC 9112): request line, header fields, and a body framed by
 * {@code Content-Length} or {@code chunked} transfer coding. Enough for the JDK client, OkHttp (the
 * official SDKs) and curl; not a general server. One reader per connection.
 */
final class HttpRequestReader {

    static final int MAX_LINE = 16 * 1024;
    static final int MAX_BODY = 16 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;

    HttpRequestReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The next request, or null when the client closed the connection between requests. */
    SimRequest next() throws IOException {
        String requestLine = line();
        while (requestLine != null && requestLine.isEmpty()) { // tolerate stray CRLF between requests
            requestLine = line();
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x request line");
        }
        Map<String, String> headers = new HashMap<>();
        String header;
        while (!(header = required()).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line");
            }
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        String path = parts[1];
        int query = path.indexOf('?');
        return new SimRequest(parts[0], query < 0 ? path : path.substring(0, query), headers, body(headers));
    }

    private byte[] body(Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            return chunked();
        }
        String length = headers.get("content-length");
        if (length == null) {
            return new byte[0];
        }
        int n;
        try {
            n = Integer.parseInt(length.strip());
        } catch (NumberFormatException e) {
            throw new IOException("bad content-length");
        }
        if (n < 0 || n > MAX_BODY) {
            throw new IOException("content-length out of range");
        }
        return in.readNBytes(n);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = required();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (n == 0) {
                while (!required().isEmpty()) {
                    // trailer fields: ignored
                }
                return body.toByteArray();
            }
            if (body.size() + n > MAX_BODY) {
                throw new IOException("body too large");
            }
            body.write(in.readNBytes(n));
            required(); // CRLF after the chunk
        }
    }

    private String required() throws IOException {
        String line = line();
        if (line == null) {
            throw new IOException("connection closed mid-request");
        }
        return line;
    }

    /** One CRLF- (or LF-) terminated ASCII line, or null at end of stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new IOException("line too long");
            }
        }
        if (line.size() > 0) {
            throw new IOException("connection closed mid-line");
        }
        return null;
    }
}
