package dev.keel.bench.load;

import dev.keel.config.KeelConfig;
import dev.keel.embedded.EmbeddedKafkaBroker;
import dev.keel.gateway.KeelGateway;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code bench/run load ...}: an embedded broker and two provider-sims (latency {@code --provider-latency}, no
 * spread) in this JVM, Keel (one worker, plus the gateway for {@code --target http}) in a child JVM started with
 * {@code --keel-jvm} options, and one open-loop run against it. With {@code --url} it drives that
 * OpenAI-compatible endpoint instead and starts nothing.
 */
public final class LoadCommand {

    private LoadCommand() {
    }

    public static void run(String[] args) throws Exception {
        LoadFlags flags;
        try {
            flags = LoadFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench load: " + e.getMessage());
            System.err.println("usage: " + LoadFlags.USAGE);
            System.exit(2);
            return;
        }
        LoadReport report = flags.url() != null ? external(flags) : local(flags);
        report.lines().forEach(System.out::println);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static LoadReport external(LoadFlags flags) throws InterruptedException {
        try (HttpTarget target = new HttpTarget(URI.create(flags.url()), flags.apiKey(), flags.model(), flags.headers())) {
            return LoadRun.run(flags.spec(), target);
        }
    }

    private static LoadReport local(LoadFlags flags) throws IOException, InterruptedException {
        long ms = flags.spec().providerLatency().toMillis();
        Latency latency = new Latency(ms, ms, 0, 0);
        boolean http = flags.target().equals("http");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.temporary());
             ProviderSim primary = ProviderSim.start(SimSettings.defaults("primary").withLatency(latency));
             ProviderSim secondary = ProviderSim.start(SimSettings.defaults("secondary").withLatency(latency))) {
            KeelConfig config = StackConfig.of(broker.bootstrapServers(), primary.openAiBaseUrl(), secondary.anthropicBaseUrl(),
                    flags.partitions(), flags.maxInFlight(), flags.delivery(), flags.redis());
            KafkaClients kafka = new KafkaClients(config.kafka());
            kafka.ensureTopics(config.topics());
            KeelTopics topics = KeelTopics.from(config.topics());
            String apiKey = "load-" + UUID.randomUUID();
            List<String> side = new ArrayList<>(List.of(broker.bootstrapServers(), primary.openAiBaseUrl().toString(),
                    secondary.anthropicBaseUrl().toString(), Integer.toString(flags.partitions()),
                    Integer.toString(flags.maxInFlight() == null ? 0 : flags.maxInFlight()), flags.delivery().id(),
                    http ? "0" : "-1", KeelGateway.keyDigest(apiKey), flags.redis() == null ? "-" : flags.redis()));
            System.out.println("keel process JVM options: " + String.join(" ", flags.keelJvm()));
            try (KeelProcess keel = KeelProcess.start(flags.keelJvm(), side, Path.of("target", "keel-side.log"));
                 LoadTarget target = http
                         ? new HttpTarget(URI.create("http://127.0.0.1:" + keel.gatewayPort() + "/v1"), apiKey, "keel", Map.of())
                         : new KafkaTarget(kafka, topics);
                 ConsumerLagProbe lag = new ConsumerLagProbe(kafka.admin("load-lag"), StackConfig.WORKER_GROUP,
                         Set.of(topics.requests().name(), topics.requestsBatch().name()))) {
                return LoadRun.run(flags.spec(), target, lag,
                        new KeelProcessProbe(keel, http ? "keel (worker + gateway)" : "keel (worker)"),
                        new ThreadGroupCpuProbe(LoadCommand::group, "bench JVM"));
            }
        }
    }

    /** Thread-name groups of the bench JVM: the load generator, the simulators (virtual threads), the broker. */
    static String group(String thread) {
        if (thread.startsWith("load-") || thread.contains("keel-load") || thread.contains("load-lag") || thread.startsWith("HttpClient")
                || thread.equals("main") || thread.startsWith("CompletableFutureDelayScheduler")) {
            return "load generator";
        }
        if (thread.startsWith("ForkJoinPool-") || thread.startsWith("sim-")) {
            return "provider-sims (virtual-thread carriers)";
        }
        return "broker (all other threads)";
    }
}
