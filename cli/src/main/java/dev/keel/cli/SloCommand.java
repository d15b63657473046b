package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.metrics.KeelMeters;
import dev.keel.slo.SloApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keel slo}: the SLO streams application against a running broker, until Ctrl-C. */
@Command(name = "slo", mixinStandardHelpOptions = true,
        description = "Run the SLO app (windowed SLIs, error budget, pages, status endpoint) against a running Kafka.")
final class SloCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--create-topics", negatable = true, defaultValue = "true",
            description = "Create missing Keel topics at start (default: ${DEFAULT-VALUE})")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.loadForRunningStack("slo");
        if (createTopics) {
            new KafkaClients(config.kafka()).ensureTopics(config.topics());
        }
        SloApp app = SloApp.start(config, Map.of(), KeelMeters.prometheus(config.metrics(), "slo"));
        spec.commandLine().getOut().printf("keel slo: reading %s, writing %s and %s; status at %s (metrics at /metrics); Ctrl-C stops it.%n",
                config.topics().results(), config.topics().sli(), config.topics().pages(), app.statusUri());
        spec.commandLine().getOut().flush();
        UntilStopped.await(app);
        return ExitCodes.OK;
    }
}
