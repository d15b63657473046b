package dev.keel.cli.stack;

import dev.keel.config.KeelConfig;
import dev.keel.embedded.EmbeddedKafkaBroker;
import dev.keel.kafka.KafkaClients;
import dev.keel.metrics.KeelMeters;
import dev.keel.metrics.MetricsEndpoint;
import dev.keel.router.RouterWorker;
import dev.keel.sim.Latency;
import dev.keel.slo.SloApp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Keel runs, in one process: the embedded broker when {@code kafka.bootstrap.servers} is
 * {@code embedded}, provider-sim when no providers are configured, the topics, a router worker and
 * the SLO app, each with its Prometheus registry ({@code /metrics}: the worker on {@code metrics.worker-port},
 * the SLO app on its status port). {@code keel up} and {@code keel demo} are this plus a front end. Closes in reverse
 * order of start.
 */
public final class KeelStack implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(KeelStack.class);

    /**
     * @param dataDir        Keel's data root: the embedded broker in {@code kafka/}, the SLO app's local state in
     *                       {@code streams/}; null: a temporary root, deleted on close
     * @param port           embedded broker port (0: any free port)
     * @param simSeed        seed of the simulators
     * @param simLatency     latency of the simulators
     * @param startWorker    run a router worker in this process
     * @param startSlo       run the SLO app in this process
     */
    public record Options(Path dataDir, int port, long simSeed, Latency simLatency, boolean startWorker, boolean startSlo) {
    }

    private final KeelConfig config;
    private final EmbeddedKafkaBroker broker;
    private final SimProviders sims;
    private final RouterWorker worker;
    private final MetricsEndpoint workerMetrics;
    private final SloApp slo;
    private final List<AutoCloseable> started;
    private final long startupMillis;

    private KeelStack(KeelConfig config, EmbeddedKafkaBroker broker, SimProviders sims, RouterWorker worker, MetricsEndpoint workerMetrics,
                      SloApp slo, List<AutoCloseable> started, long startupMillis) {
        this.workerMetrics = workerMetrics;
        this.config = config;
        this.broker = broker;
        this.sims = sims;
        this.worker = worker;
        this.slo = slo;
        this.started = started;
        this.startupMillis = startupMillis;
    }

    public static KeelStack start(KeelConfig requested, Options options) {
        long begin = System.nanoTime();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            DataRoot root = DataRoot.of(options.dataDir());
            started.add(root);
            KeelConfig config = requested;
            EmbeddedKafkaBroker broker = null;
            if (config.kafka().isEmbedded()) {
                broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Options(root.kafka(), options.port(), Map.of()));
                started.add(broker);
                config = config.withKafka(config.kafka().withBootstrapServers(broker.bootstrapServers()));
            }
            SimProviders sims = null;
            if (!config.providers().isConfigured()) {
                sims = SimProviders.start(options.simSeed(), options.simLatency());
                started.add(sims);
                config = config.withProviders(sims.config());
            }
            LOGGER.info("Topics ready created={}", new KafkaClients(config.kafka()).ensureTopics(config.topics()));
            RouterWorker worker = null;
            MetricsEndpoint workerMetrics = null;
            if (options.startWorker()) {
                PrometheusMeterRegistry registry = KeelMeters.prometheus(config.metrics(), "router-worker");
                RouterWorker.Options defaults = RouterWorker.Options.defaults();
                worker = RouterWorker.start(config, new RouterWorker.Options(defaults.clock(), registry, defaults.env(), defaults.random(),
                        defaults.pause()));
                started.add(worker);
                if (config.metrics().enabled()) {
                    workerMetrics = MetricsEndpoint.start(config.metrics().host(), config.metrics().workerPort(), registry);
                    started.add(workerMetrics);
                }
            }
            SloApp slo = null;
            if (options.startSlo()) {
                // Local state belongs to this broker: Kafka Streams' shared default (/tmp/kafka-streams) would let a new
                // stack restore another stack's windows. A state.dir under kafka: still wins.
                slo = SloApp.start(config, config.kafka().properties().containsKey("state.dir") ? Map.of()
                        : Map.of("state.dir", root.streams().toString()), KeelMeters.prometheus(config.metrics(), "slo"));
                started.add(slo);
            }
            long millis = (System.nanoTime() - begin) / 1_000_000;
            return new KeelStack(config, broker, sims, worker, workerMetrics, slo, started, millis);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** The effective config: real broker address and provider URLs filled in. */
    public KeelConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return new KafkaClients(config.kafka()).bootstrapServers();
    }

    public Optional<EmbeddedKafkaBroker> broker() {
        return Optional.ofNullable(broker);
    }

    public Optional<SimProviders> sims() {
        return Optional.ofNullable(sims);
    }

    public Optional<RouterWorker> worker() {
        return Optional.ofNullable(worker);
    }

    /** The worker's Prometheus endpoint ({@code <uri>/metrics}), unless no worker runs or metrics are off. */
    public Optional<URI> workerMetricsUri() {
        return Optional.ofNullable(workerMetrics).map(m -> URI.create(m.uri() + "/metrics"));
    }

    /** The SLO app's Prometheus endpoint: {@code /metrics} on its status server. */
    public Optional<URI> sloMetricsUri() {
        return Optional.ofNullable(slo).filter(s -> config.metrics().enabled()).map(s -> URI.create(s.statusUri() + "/metrics"));
    }

    public Optional<SloApp> slo() {
        return Optional.ofNullable(slo);
    }

    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable part : started.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                LOGGER.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
