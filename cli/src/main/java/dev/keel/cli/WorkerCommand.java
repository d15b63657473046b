package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.metrics.KeelMeters;
import dev.keel.metrics.MetricsEndpoint;
import dev.keel.router.RouterWorker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code keel worker}: one router worker against a running broker, until Ctrl-C. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run one router worker against a running Kafka (run as many as you like; they share the partitions).")
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", description = "Worker id on results and in logs (default: worker.id, else host and pid)")
    String id;

    @Option(names = "--create-topics", negatable = true, defaultValue = "true",
            description = "Create missing Keel topics at start (default: ${DEFAULT-VALUE})")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.loadForRunningStack("worker");
        if (!config.providers().isConfigured()) {
            throw new UserError("providers.primary is not configured (a worker calls real providers; keel up runs simulators)");
        }
        if (id != null) {
            config = config.withWorker(config.worker().withId(id));
        }
        if (createTopics) {
            new KafkaClients(config.kafka()).ensureTopics(config.topics());
        }
        PrometheusMeterRegistry registry = KeelMeters.prometheus(config.metrics(), "router-worker");
        RouterWorker.Options defaults = RouterWorker.Options.defaults();
        RouterWorker worker = RouterWorker.start(config, new RouterWorker.Options(defaults.clock(), registry, defaults.env(),
                defaults.random(), defaults.pause()));
        MetricsEndpoint metrics;
        try {
            metrics = config.metrics().enabled()
                    ? MetricsEndpoint.start(config.metrics().host(), config.metrics().workerPort(), registry) : null;
        } catch (RuntimeException e) {
            worker.close();
            throw new UserError(e.getMessage(), ExitCodes.FAILED);
        }
        spec.commandLine().getOut().printf("keel worker %s: consuming %s and %s; metrics at %s; Ctrl-C stops it.%n", worker.workerId(),
                config.topics().requests(), config.topics().requestsBatch(), metrics == null ? "(off)" : metrics.uri() + "/metrics");
        spec.commandLine().getOut().flush();
        Thread.ofPlatform().daemon().name("keel-worker-health").start(() -> {
            try {
                worker.awaitFailure();
                System.err.println("keel worker: " + worker.health().detail() + "; left the consumer group, exiting so a supervisor restarts it");
                System.exit(ExitCodes.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        UntilStopped.await(() -> {
            worker.close();
            if (metrics != null) {
                metrics.close();
            }
        });
        return ExitCodes.OK;
    }
}
