package dev.keel.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code keel gateway}: the OpenAI-compatible HTTP endpoint and the web console.
 *
 * @param host            interface to bind
 * @param port            HTTP port (0: any free port)
 * @param clientId        names the gateway's reply topic ({@code keel.replies.<client-id>}); give each instance its own
 * @param keysFile        a file of API keys, stored hashed, one per line: {@code <tenant> sha256:<hex> [label]}
 * @param keys            API keys inline, hashed like the file's; both may be used
 * @param models          the {@code model} names callers may send, each an alias for a routing choice
 * @param requestTimeout  the deadline of a request (a caller may ask for less with {@code X-Keel-Timeout-Ms})
 * @param maxPending      requests waiting for a result at once; beyond it callers get 503 with Retry-After
 * @param defaultFeature  the feature when a caller sends no {@code X-Keel-Feature}
 * @param sloStatusUrl    the SLO app's status endpoint the console reads through the gateway (default: from {@code slo:})
 * @param shutdownGrace   how long a stopping gateway lets waiting requests finish before answering them 503
 * @param maxBodyBytes    the largest request body accepted
 */
public record GatewayConfig(String host, Integer port, String clientId, String keysFile, List<GatewayKey> keys,
                            Map<String, GatewayModel> models, Duration requestTimeout, Integer maxPending,
                            String defaultFeature, String sloStatusUrl, Duration shutdownGrace, Integer maxBodyBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_MODEL_ALIAS = "keel";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final String DEFAULT_FEATURE = "chat";
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public GatewayConfig {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        port = port == null ? DEFAULT_PORT : port;
        InvalidValueException.check(port >= 0 && port <= 65535, "port", "must be a port number (0 = any free port)");
        clientId = clientId == null || clientId.isBlank() ? defaultClientId() : clientId;
        InvalidValueException.check(clientId.matches("[A-Za-z0-9._-]{1,200}"), "client-id", "must be 1 to 200 of letters, digits, '.', '_' or '-'");
        keysFile = keysFile == null || keysFile.isBlank() ? null : keysFile;
        keys = List.copyOf(keys == null ? List.of() : keys);
        for (int i = 0; i < keys.size(); i++) {
            InvalidValueException.check(keys.get(i) != null, "keys[" + i + "]", "must not be empty");
        }
        Map<String, GatewayModel> aliases = new LinkedHashMap<>();
        if (models == null || models.isEmpty()) {
            aliases.put(DEFAULT_MODEL_ALIAS, GatewayModel.ROUTED);
        } else {
            models.forEach((name, model) -> {
                InvalidValueException.check(name.matches("[A-Za-z0-9._:/-]{1,100}"), "models." + name, "alias must be 1 to 100 of letters, digits, '.', '_', ':', '/' or '-'");
                aliases.put(name, model == null ? GatewayModel.ROUTED : model);
            });
        }
        models = java.util.Collections.unmodifiableMap(aliases);
        requestTimeout = RoutingConfig.positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "request-timeout");
        maxPending = maxPending == null ? DEFAULT_MAX_PENDING : maxPending;
        InvalidValueException.check(maxPending >= 1 && maxPending <= 1_000_000, "max-pending", "must be between 1 and 1000000");
        defaultFeature = defaultFeature == null || defaultFeature.isBlank() ? DEFAULT_FEATURE : defaultFeature;
        sloStatusUrl = sloStatusUrl == null || sloStatusUrl.isBlank() ? null : sloStatusUrl;
        InvalidValueException.check(sloStatusUrl == null || sloStatusUrl.startsWith("http://") || sloStatusUrl.startsWith("https://"),
                "slo-status-url", "must start with http:// or https://");
        shutdownGrace = shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
        InvalidValueException.check(!shutdownGrace.isNegative(), "shutdown-grace", "must not be negative");
        maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        InvalidValueException.check(maxBodyBytes >= 1024, "max-body-bytes", "must be at least 1024");
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(host, newPort, clientId, keysFile, keys, models, requestTimeout, maxPending, defaultFeature,
                sloStatusUrl, shutdownGrace, maxBodyBytes);
    }

    public GatewayConfig withKeys(String newKeysFile, List<GatewayKey> newKeys) {
        return new GatewayConfig(host, port, clientId, newKeysFile, newKeys, models, requestTimeout, maxPending, defaultFeature,
                sloStatusUrl, shutdownGrace, maxBodyBytes);
    }

    public GatewayConfig withSloStatusUrl(String url) {
        return new GatewayConfig(host, port, clientId, keysFile, keys, models, requestTimeout, maxPending, defaultFeature,
                url, shutdownGrace, maxBodyBytes);
    }

    public GatewayConfig withClientId(String id) {
        return new GatewayConfig(host, port, id, keysFile, keys, models, requestTimeout, maxPending, defaultFeature,
                sloStatusUrl, shutdownGrace, maxBodyBytes);
    }

    public GatewayConfig withLimits(Duration newTimeout, int newMaxPending, Duration newGrace) {
        return new GatewayConfig(host, port, clientId, keysFile, keys, models, newTimeout, newMaxPending, defaultFeature,
                sloStatusUrl, newGrace, maxBodyBytes);
    }

    public GatewayConfig withModels(Map<String, GatewayModel> newModels) {
        return new GatewayConfig(host, port, clientId, keysFile, keys, newModels, requestTimeout, maxPending, defaultFeature,
                sloStatusUrl, shutdownGrace, maxBodyBytes);
    }

    private static String defaultClientId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "local";
            }
        }
        return ("gateway-" + host).replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
