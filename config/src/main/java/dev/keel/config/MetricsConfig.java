package dev.keel.config;

/**
 * The Prometheus endpoint ({@code GET /metrics}) of every Keel process and what its meters may tag.
 * The router worker serves it on {@code worker-port}; the SLO app serves it on its status port next to
 * {@code /status}.
 *
 * @param enabled     serve {@code /metrics} (default true)
 * @param host        address the worker's endpoint binds to (default 127.0.0.1; {@code 0.0.0.0} in a container)
 * @param workerPort  the worker's metrics port (default 9400; 0: any free port)
 * @param tenantTags  tag request and cost meters with the tenant (default false: tenants are unbounded)
 * @param maxTenants  with {@code tenant-tags}, the first this many tenants get their own series; later ones
 *                    share {@code tenant="other"}
 * @param maxFeatures features beyond the first this many share {@code feature="other"}
 */
public record MetricsConfig(Boolean enabled, String host, Integer workerPort, Boolean tenantTags, Integer maxTenants,
                            Integer maxFeatures) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_WORKER_PORT = 9400;
    public static final int DEFAULT_MAX_TENANTS = 50;
    public static final int DEFAULT_MAX_FEATURES = 100;

    public MetricsConfig {
        enabled = enabled == null || enabled;
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        workerPort = workerPort == null ? DEFAULT_WORKER_PORT : workerPort;
        InvalidValueException.check(workerPort >= 0 && workerPort <= 65535, "worker-port", "must be a port number (0 = any free port)");
        tenantTags = tenantTags != null && tenantTags;
        maxTenants = maxTenants == null ? DEFAULT_MAX_TENANTS : maxTenants;
        InvalidValueException.check(maxTenants >= 1 && maxTenants <= 10_000, "max-tenants", "must be between 1 and 10000");
        maxFeatures = maxFeatures == null ? DEFAULT_MAX_FEATURES : maxFeatures;
        InvalidValueException.check(maxFeatures >= 1 && maxFeatures <= 10_000, "max-features", "must be between 1 and 10000");
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(null, null, null, null, null, null);
    }

    public MetricsConfig withWorkerPort(int port) {
        return new MetricsConfig(enabled, host, port, tenantTags, maxTenants, maxFeatures);
    }
}
