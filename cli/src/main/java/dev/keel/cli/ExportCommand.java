package dev.keel.cli;

import dev.keel.config.ExportConfig;
import dev.keel.config.KeelConfig;
import dev.keel.export.TraceExporter;
import dev.keel.metrics.KeelMeters;
import dev.keel.metrics.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.concurrent.Callable;

/** {@code keel export}: results as OpenTelemetry traces over OTLP/HTTP (Langfuse or any OTel backend), until Ctrl-C. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Send every result on llm.results as an OpenTelemetry trace over OTLP/HTTP (Langfuse, Jaeger, Tempo, "
                + "an OTel Collector ...), in its own consumer group, at least once.",
                "Settings under export: in the config (endpoint, public-key/secret-key or authorization, content-features); "
                        + "see export/README.md."})
final class ExportCommand implements Callable<Integer> {

    static final int DEFAULT_METRICS_PORT = 9401;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "OTLP/HTTP base URL, overrides export.endpoint and turns export on (traces go to URL/v1/traces)")
    URI endpoint;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_METRICS_PORT,
            description = "Port of this exporter's /metrics (default: ${DEFAULT-VALUE}; 0: any free port)")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.loadForRunningStack("export");
        ExportConfig export = config.export();
        if (endpoint != null) {
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw new UserError("--endpoint: must be an http or https URL, got '" + endpoint + "'");
            }
            export = export.withEndpoint(endpoint);
        } else if (!export.enabled()) {
            throw new UserError("export is off: set export.enabled: true and export.endpoint in the config, or pass --endpoint URL");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new UserError("--metrics-port: must be 0-65535, got " + metricsPort);
        }
        config = config.withExport(export);
        PrometheusMeterRegistry registry = KeelMeters.prometheus(config.metrics(), "export");
        MetricsEndpoint metrics = config.metrics().enabled() ? MetricsEndpoint.start(config.metrics().host(), metricsPort, registry) : null;
        TraceExporter exporter = TraceExporter.start(config, registry);
        spec.commandLine().getOut().printf("keel export: %s -> %s/v1/traces (group %s, outputs %s)%s; Ctrl-C stops it.%n",
                config.topics().results(), export.endpoint().toString().replaceAll("/+$", ""), export.groupId(),
                export.contentFeatures().isEmpty() ? "redacted" : "exported for " + export.contentFeatures(),
                metrics == null ? "" : "; metrics at " + metrics.uri() + "/metrics");
        spec.commandLine().getOut().flush();
        UntilStopped.await(() -> {
            exporter.close();
            if (metrics != null) {
                metrics.close();
            }
        });
        return ExitCodes.OK;
    }
}
