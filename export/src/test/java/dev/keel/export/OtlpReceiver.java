package dev.keel.export;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A local OTLP/HTTP trace receiver for tests: decodes each {@code POST /v1/traces} body as an
 * {@code ExportTraceServiceRequest} and keeps every span and request header. {@link #refuse} makes
 * it answer 503; {@link #stop} and {@link #restart} take it off and back on the same port.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span with its attributes flattened to strings. */
    record Received(String traceId, String spanId, String parentSpanId, String name, long startNanos, long endNanos,
                    Map<String, String> attributes) {
        String attr(String key) {
            return attributes.get(key);
        }
    }

    final List<Received> spans = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private volatile int port;
    private volatile HttpServer server;

    static OtlpReceiver start() {
        OtlpReceiver receiver = new OtlpReceiver();
        receiver.server = receiver.bind(0);
        receiver.port = receiver.server.getAddress().getPort();
        return receiver;
    }

    private HttpServer bind(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
            s.createContext("/v1/traces", this::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void refuse(boolean refuse) {
        refusing.set(refuse);
    }

    void stop() {
        server.stop(0);
    }

    void restart() {
        server = bind(port);
    }

    List<Received> generations() {
        return spans.stream().filter(s -> "generation".equals(s.attr("langfuse.observation.type"))).toList();
    }

    private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (refusing.get()) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        bodies.add(body);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(new Received(hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                            hex(span.getParentSpanId().toByteArray()), span.getName(), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> text(kv.getValue()), (a, b) -> b))));
                }
            }
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::text).collect(Collectors.joining(","));
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
