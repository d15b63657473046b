package dev.keel.bench.load;

import dev.keel.config.DeliveryGuarantee;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a local load run needs: an embedded broker and two provider-sims in this JVM (time to first token
 * exactly the provider latency, no token delay) and Keel — one worker, plus the gateway when asked — in a child
 * JVM ({@link KeelProcess}). Bench classes change the simulators ({@link #primary()}, {@link #secondary()})
 * while a {@link LoadRun} blocks, to run faults under load.
 *
 * <p>Lifecycle: {@link #start} returns once Keel serves; {@link #close} stops all of it.
 */
public final class LoadStack implements AutoCloseable {

    /**
     * @param providerLatency the simulators' answer time
     * @param gateway         also run Keel's gateway (for {@link #httpTarget()})
     * @param maxInFlight     {@code worker.max-in-flight}; null for the default
     * @param delivery        {@code worker.delivery}
     * @param redisUri        null for the in-process cache
     * @param keelJvm         JVM options of the Keel child
     * @param partitions      partitions of every topic
     * @param baseConfig      a keel.yaml whose other sections (routing, cache, budget...) the Keel child uses; null for defaults
     */
    public record Options(Duration providerLatency, boolean gateway, Integer maxInFlight, DeliveryGuarantee delivery,
                          String redisUri, List<String> keelJvm, int partitions, Path baseConfig) {

        public static final List<String> DEFAULT_KEEL_JVM = List.of("-Xmx512m", "-XX:+UseG1GC");
        public static final int DEFAULT_PARTITIONS = 6;

        public static Options defaults() {
            return new Options(Duration.ofMillis(300), false, null, DeliveryGuarantee.EXACTLY_ONCE, null, DEFAULT_KEEL_JVM,
                    DEFAULT_PARTITIONS, null);
        }

        public Options withGateway(boolean on) {
            return new Options(providerLatency, on, maxInFlight, delivery, redisUri, keelJvm, partitions, baseConfig);
        }

        public Options withProviderLatency(Duration latency) {
            return new Options(latency, gateway, maxInFlight, delivery, redisUri, keelJvm, partitions, baseConfig);
        }

        public Options withBaseConfig(Path yaml) {
            return new Options(providerLatency, gateway, maxInFlight, delivery, redisUri, keelJvm, partitions, yaml);
        }
    }

    private final EmbeddedKafkaBroker broker;
    private final ProviderSim primary;
    private final ProviderSim secondary;
    private final KeelConfig config;
    private final KeelProcess keel;
    private final String apiKey = "load-" + UUID.randomUUID();

    private LoadStack(Options options) throws IOException {
        long ms = options.providerLatency().toMillis();
        Latency latency = new Latency(ms, ms, 0, 0);
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.temporary());
        primary = ProviderSim.start(SimSettings.defaults("primary").withLatency(latency));
        secondary = ProviderSim.start(SimSettings.defaults("secondary").withLatency(latency));
        config = StackConfig.of(broker.bootstrapServers(), primary.openAiBaseUrl(), secondary.anthropicBaseUrl(),
                options.partitions(), options.maxInFlight(), options.delivery(), options.redisUri());
        new KafkaClients(config.kafka()).ensureTopics(config.topics());
        List<String> side = new ArrayList<>(List.of(broker.bootstrapServers(), primary.openAiBaseUrl().toString(),
                secondary.anthropicBaseUrl().toString(), Integer.toString(options.partitions()),
                Integer.toString(options.maxInFlight() == null ? 0 : options.maxInFlight()), options.delivery().id(),
                options.gateway() ? "0" : "-1", KeelGateway.keyDigest(apiKey),
                options.redisUri() == null ? "-" : options.redisUri(),
                options.baseConfig() == null ? "-" : options.baseConfig().toAbsolutePath().toString()));
        keel = KeelProcess.start(options.keelJvm(), side, Path.of("target", "keel-side.log"));
    }

    public static LoadStack start(Options options) throws IOException {
        return new LoadStack(options);
    }

    public ProviderSim primary() {
        return primary;
    }

    public ProviderSim secondary() {
        return secondary;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** The config the bench side uses (broker, topics, providers); the Keel child has the same plus its base config. */
    public KeelConfig config() {
        return config;
    }

    public KeelProcess keel() {
        return keel;
    }

    /** Kafka target on this stack's topics; close it before the stack. */
    public KafkaTarget kafkaTarget() {
        return new KafkaTarget(new KafkaClients(config.kafka()), KeelTopics.from(config.topics()));
    }

    /** HTTP target on Keel's gateway (needs {@link Options#gateway()}); close it before the stack. */
    public HttpTarget httpTarget() {
        if (keel.gatewayPort() < 0) {
            throw new IllegalStateException("this stack runs no gateway (Options.withGateway(true))");
        }
        return new HttpTarget(gatewayBaseUrl(), apiKey, "keel", Map.of());
    }

    public URI gatewayBaseUrl() {
        return URI.create("http://127.0.0.1:" + keel.gatewayPort() + "/v1");
    }

    public String gatewayApiKey() {
        return apiKey;
    }

    /** Lag, Keel's CPU and heap, this JVM's CPU by part; fresh probes for each run. */
    public List<RunProbe> probes() {
        KeelTopics topics = KeelTopics.from(config.topics());
        return List.of(
                new ConsumerLagProbe(new KafkaClients(config.kafka()).admin("load-lag"), StackConfig.WORKER_GROUP,
                        Set.of(topics.requests().name(), topics.requestsBatch().name())),
                new KeelProcessProbe(keel, keel.gatewayPort() >= 0 ? "keel (worker + gateway)" : "keel (worker)"),
                new ThreadGroupCpuProbe(LoadStack::group, "bench JVM"));
    }

    /** Thread-name groups of the bench JVM: the load generator, the simulators (virtual threads), the broker. */
    static String group(String thread) {
        if (thread.startsWith("load-") || thread.contains("keel-load") || thread.startsWith("HttpClient")
                || thread.equals("main") || thread.startsWith("CompletableFutureDelayScheduler")) {
            return "load generator";
        }
        if (thread.startsWith("ForkJoinPool-") || thread.startsWith("sim-")) {
            return "provider-sims (virtual-thread carriers)";
        }
        return "broker (all other threads)";
    }

    @Override
    public void close() {
        keel.close();
        primary.close();
        secondary.close();
        broker.close();
    }
}
