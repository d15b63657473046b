package dev.keel.metrics;

import dev.keel.config.MetricsConfig;
import dev.keel.metrics.internal.TagCaps;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meter registry of one Keel process: Prometheus format, the JVM's own meters (memory, GC,
 * threads, class loading, CPU, uptime) and the tag caps of {@link MetricsConfig} (tenant tags only
 * when opted in, at most {@code max-tenants} / {@code max-features} distinct values, the rest
 * {@code other}). Kafka client meters are bound where the clients are made.
 */
public final class KeelMeters {

    /** The value that tenants and features past their cap share. */
    public static final String OTHER = TagCaps.OTHER;

    private KeelMeters() {
    }

    /**
     * A new registry with the JVM meters bound and the caps installed. {@code app} becomes the
     * {@code keel_app} tag on every meter (router-worker, slo), so one Prometheus job can tell them apart.
     */
    public static PrometheusMeterRegistry prometheus(MetricsConfig config, String app) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("keel_app", app);
        registry.config().meterFilter(new TagCaps(config.tenantTags(), config.maxTenants(), config.maxFeatures()));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
