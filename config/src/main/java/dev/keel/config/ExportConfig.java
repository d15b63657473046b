package dev.keel.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code keel export}: results as OpenTelemetry traces over OTLP/HTTP (Langfuse, or any OTel backend).
 *
 * @param enabled        whether {@code keel export} runs (the compose stack starts it only when set)
 * @param endpoint       the OTLP/HTTP base URL; traces go to {@code <endpoint>/v1/traces}
 *                       (Langfuse: {@code https://cloud.langfuse.com/api/public/otel})
 * @param publicKey      Langfuse public key; with {@code secret-key}, sent as HTTP basic auth
 * @param secretKey      Langfuse secret key (a secret: never printed or logged)
 * @param authorization  a full {@code Authorization} header value for other backends (a secret)
 * @param headers        extra, non-secret HTTP headers
 * @param groupId        the exporter's own consumer group on {@code llm.results}
 * @param batchSize      most results sent in one OTLP request
 * @param flushInterval  longest a result waits before its batch is sent
 * @param timeout        one OTLP request's timeout
 * @param retryInitial   first back-off after the backend refused or did not answer
 * @param retryMax       longest back-off
 * @param serviceName    {@code service.name} of the exported resource
 * @param contentFeatures features whose outputs are exported; {@code "*"}: all. Default none: redacted
 */
public record ExportConfig(Boolean enabled, URI endpoint, String publicKey, Secret secretKey, Secret authorization,
                           Map<String, String> headers, String groupId, Integer batchSize, Duration flushInterval,
                           Duration timeout, Duration retryInitial, Duration retryMax, String serviceName,
                           List<String> contentFeatures) {

    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4318");
    public static final String DEFAULT_GROUP_ID = "keel-export";
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);
    public static final String DEFAULT_SERVICE_NAME = "keel";
    public static final String ALL_FEATURES = "*";

    public ExportConfig {
        enabled = enabled != null && enabled;
        endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        InvalidValueException.check("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()),
                "endpoint", "must be an http or https URL");
        InvalidValueException.check(endpoint.getUserInfo() == null, "endpoint", "must not carry credentials; use secret-key or authorization");
        publicKey = publicKey == null || publicKey.isBlank() ? null : publicKey.strip();
        secretKey = secretKey == null || secretKey.isEmpty() ? null : secretKey;
        authorization = authorization == null || authorization.isEmpty() ? null : authorization;
        InvalidValueException.check((publicKey == null) == (secretKey == null), "secret-key",
                "public-key and secret-key go together (Langfuse basic auth)");
        InvalidValueException.check(authorization == null || secretKey == null, "authorization",
                "use either authorization or public-key/secret-key, not both");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        headers.keySet().forEach(h -> InvalidValueException.check(!h.equalsIgnoreCase("authorization"),
                "headers." + h, "credentials belong in authorization or secret-key, which are never printed"));
        groupId = groupId == null || groupId.isBlank() ? DEFAULT_GROUP_ID : groupId;
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        InvalidValueException.check(batchSize >= 1 && batchSize <= 10_000, "batch-size", "must be between 1 and 10000");
        flushInterval = RoutingConfig.positive(flushInterval, DEFAULT_FLUSH_INTERVAL, "flush-interval");
        timeout = RoutingConfig.positive(timeout, DEFAULT_TIMEOUT, "timeout");
        retryInitial = RoutingConfig.positive(retryInitial, DEFAULT_RETRY_INITIAL, "retry-initial");
        retryMax = RoutingConfig.positive(retryMax, DEFAULT_RETRY_MAX, "retry-max");
        InvalidValueException.check(retryMax.compareTo(retryInitial) >= 0, "retry-max", "must not be shorter than retry-initial");
        serviceName = serviceName == null || serviceName.isBlank() ? DEFAULT_SERVICE_NAME : serviceName;
        contentFeatures = List.copyOf(contentFeatures == null ? List.of() : contentFeatures);
    }

    public static ExportConfig defaults() {
        return new ExportConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether outputs of {@code feature} may leave Keel (opt-in per feature). */
    public boolean exportsContentOf(String feature) {
        return contentFeatures.contains(ALL_FEATURES) || contentFeatures.contains(feature);
    }

    public ExportConfig withEndpoint(URI newEndpoint) {
        return new ExportConfig(enabled, newEndpoint, publicKey, secretKey, authorization, headers, groupId, batchSize, flushInterval,
                timeout, retryInitial, retryMax, serviceName, contentFeatures);
    }
}
