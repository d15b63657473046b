package dev.keel.export;

import dev.keel.config.ExportConfig;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The OTLP/HTTP (protobuf) span exporter of {@code export:}: {@code <endpoint>/v1/traces}, Langfuse's
 * basic auth from {@code public-key:secret-key} or a full {@code authorization} header, extra headers,
 * the request timeout. The SDK's own retry is off: {@link TraceExporter} retries a refused batch itself,
 * for as long as it takes, so nothing is dropped after a fixed number of tries.
 */
public final class OtlpSpanExporters {

    public static final String TRACES_PATH = "/v1/traces";

    private OtlpSpanExporters() {
    }

    public static SpanExporter create(ExportConfig config) {
        String base = config.endpoint().toString().replaceAll("/+$", "");
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(base + TRACES_PATH)
                .setTimeout(config.timeout())
                .setRetryPolicy(null);
        config.headers().forEach(builder::addHeader);
        if (config.secretKey() != null) {
            String pair = config.publicKey() + ":" + config.secretKey().reveal();
            String basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            builder.setHeaders(() -> java.util.Map.of("Authorization", basic));
        } else if (config.authorization() != null) {
            String value = config.authorization().reveal();
            builder.setHeaders(() -> java.util.Map.of("Authorization", value));
        }
        return builder.build();
    }
}
