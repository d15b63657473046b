package dev.keel.cli;

import dev.keel.cli.stack.KeelStack;
import dev.keel.cli.stack.SimProviders;
import dev.keel.config.KeelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code keel up}: the whole stack in this process until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run Keel until Ctrl-C: the embedded Kafka broker (unless kafka.bootstrap.servers names one), "
                + "a router worker, the SLO app, and provider-sim in place of providers when none are configured.",
                "Prints where Kafka listens, so other commands can use --bootstrap-servers."})
final class UpCommand implements Callable<Integer> {

    static final int PREFERRED_PORT = 9092;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep data here across restarts: the embedded broker in DIR/kafka, SLO state in DIR/streams "
                    + "(default: a temporary directory, so every run starts fresh)")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Embedded broker port (default: 9092 when free, else any free port)")
    Integer port;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the provider simulators (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.load();
        if (!isFree(config.slo().statusPort())) {
            config = config.withSlo(config.slo().withStatusPort(0)); // another stack has it: any free port, printed below
        }
        if (!isFree(config.metrics().workerPort())) {
            config = config.withMetrics(config.metrics().withWorkerPort(0)); // likewise for the worker's /metrics
        }
        int brokerPort = port != null ? port : isFree(PREFERRED_PORT) ? PREFERRED_PORT : 0;
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new UserError("--port: must be 0-65535, got " + brokerPort);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("keel up: starting...");
        out.flush();
        KeelStack stack = KeelStack.start(config, new KeelStack.Options(dataDir, brokerPort, seed, SimProviders.DEMO_LATENCY, true, true));
        out.printf("Keel is up (%.1f s).%n", stack.startupMillis() / 1000.0);
        out.printf("  kafka      %s%s%n", stack.bootstrapServers(), stack.broker().map(b -> dataDir == null
                ? "   (embedded, fresh: data is deleted at exit; --data-dir DIR keeps it)"
                : "   (embedded, data in " + dataDir + ")").orElse(""));
        stack.sims().ifPresentOrElse(sims -> {
            out.printf("  primary    provider-sim, OpenAI-style at %s (admin %s)%n", sims.primary().openAiBaseUrl(), sims.primary().adminUrl());
            out.printf("  secondary  provider-sim, Anthropic-style at %s (admin %s)%n", sims.secondary().anthropicBaseUrl(), sims.secondary().adminUrl());
        }, () -> stack.config().providers().byName().forEach((name, p) ->
                out.printf("  %-10s %s %s at %s%n", name, p.kind().id(), p.model(), p.baseUrl())));
        stack.slo().ifPresent(slo -> out.printf("  status     %s   (keel status --url %s --bootstrap-servers %s)%n",
                slo.statusUri(), slo.statusUri(), stack.bootstrapServers()));
        stack.workerMetricsUri().ifPresent(uri -> out.printf("  metrics    worker %s%n", uri));
        stack.sloMetricsUri().ifPresent(uri -> out.printf("             slo    %s%n", uri));
        out.printf("  try        ./keel send --bootstrap-servers %s --tenant t1 --feature f1 \"hello\"%n", stack.bootstrapServers());
        out.println("Ctrl-C stops it.");
        out.flush();
        UntilStopped.await(stack);
        return ExitCodes.OK;
    }

    private static boolean isFree(int port) {
        if (port == 0) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
