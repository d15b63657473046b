package dev.keel.slo;

import dev.keel.config.KeelConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.slo.internal.LagProbe;
import dev.keel.slo.internal.StreamsStatusSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The SLO application: one {@link KafkaStreams} running {@link SloTopology} plus the status HTTP
 * endpoint. {@link #start} binds the endpoint, then starts Streams with {@code application.server}
 * pointing at it (so instances can find each other's state); {@link #close} stops both. The Kafka
 * bootstrap servers come from {@code config.kafka()} and must name a running broker (resolve
 * {@code embedded} before calling). Thread-safe; start once, close once.
 */
public final class SloApp implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(SloApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final StatusServer server;
    private final StatusSource status;
    private final SloMetrics metrics;
    private final KafkaStreamsMetrics streamsMeters;

    private SloApp(KafkaStreams streams, StatusServer server, StatusSource status, SloMetrics metrics, KafkaStreamsMetrics streamsMeters) {
        this.streamsMeters = streamsMeters;
        this.streams = streams;
        this.server = server;
        this.status = status;
        this.metrics = metrics;
    }

    /**
     * Starts the app, its meters in Micrometer's global registry. {@code extraStreamsProps} go on top
     * of Keel's Streams settings (e.g. {@code state.dir}, {@code num.stream.threads}). The input topics
     * (results, requests, batch requests) must exist.
     */
    public static SloApp start(KeelConfig config, Map<String, Object> extraStreamsProps) {
        return start(config, extraStreamsProps, Metrics.globalRegistry);
    }

    /**
     * Starts the app with its meters ({@link SloMetrics}) and the Kafka Streams client meters in
     * {@code registry}; a {@link PrometheusMeterRegistry} is also served at {@code /metrics} on the
     * status port (unless {@code metrics.enabled} is false), its SLO gauges refreshed at each scrape.
     */
    public static SloApp start(KeelConfig config, Map<String, Object> extraStreamsProps, MeterRegistry registry) {
        if (config.kafka().isEmbedded()) {
            throw new IllegalArgumentException("SloApp needs kafka.bootstrap.servers of a running broker, not 'embedded'");
        }
        SloMetrics metrics = new SloMetrics(registry);
        StatusSource.Deferred deferred = new StatusSource.Deferred();
        KafkaStreams[] holder = new KafkaStreams[1];
        Supplier<String> scrape = registry instanceof PrometheusMeterRegistry prometheus && config.metrics().enabled() ? () -> {
            metrics.refreshStatus(deferred.readLocal());
            return prometheus.scrape();
        } : null;
        StatusServer server = StatusServer.start(config.slo().statusHost(), config.slo().statusPort(), deferred,
                () -> holder[0] != null && holder[0].state().isRunningOrRebalancing(), scrape);
        try {
            HostInfo self = new HostInfo(config.slo().statusHost(), server.port());
            Properties props = new Properties();
            props.putAll(streamsProperties(config, self, metrics, extraStreamsProps));
            int partitions = sourcePartitions(config);
            LagProbe lag = new LagProbe();
            props.put(LagProbe.CONFIG_KEY, lag);
            KafkaStreams streams = new KafkaStreams(SloTopology.build(new StreamsBuilder(), config.slo(), config.topics(), metrics, partitions), props);
            holder[0] = streams;
            lag.attach(streams::metrics);
            streams.setUncaughtExceptionHandler(e -> {
                LOGGER.error("SLO engine stream thread failed; replacing it reason={}", e.toString());
                LOGGER.debug("SLO engine failure", e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            StatusSource source = new StreamsStatusSource(streams, self, metrics, InstantSource.system());
            deferred.set(source);
            KafkaStreamsMetrics streamsMeters = new KafkaStreamsMetrics(streams);
            streamsMeters.bindTo(registry);
            streams.start();
            LOGGER.info("SLO app started application_id={} status_uri={}", config.slo().applicationId(), server.uri());
            return new SloApp(streams, server, source, metrics, streamsMeters);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The real largest partition count of the source topics; the configured one when the broker cannot tell. */
    static int sourcePartitions(KeelConfig config) {
        TopicsConfig topics = config.topics();
        int configured = SloTopology.sourcePartitions(topics.partitionsByTopic(), topics);
        List<String> sources = List.of(topics.results(), topics.requests(), topics.requestsBatch());
        Map<String, Object> adminProps = new LinkedHashMap<>(config.kafka().clientProperties(Map.of()));
        try (Admin admin = Admin.create(adminProps)) {
            Map<String, TopicDescription> described = admin.describeTopics(sources).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, Integer> real = new LinkedHashMap<>();
            described.forEach((name, d) -> real.put(name, d.partitions().size()));
            return SloTopology.sourcePartitions(real, topics);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.warn("cannot describe the source topics topics={} reason={}; assuming partitions={}",
                    sources, e.getMessage(), configured);
            return configured;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return configured;
        }
    }

    static Map<String, Object> streamsProperties(KeelConfig config, HostInfo self, SloMetrics metrics, Map<String, Object> extra) {
        Map<String, Object> keel = new LinkedHashMap<>();
        keel.put(StreamsConfig.APPLICATION_ID_CONFIG, config.slo().applicationId());
        keel.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        keel.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // Workers publish results in transactions: an at-least-once Streams app reads uncommitted by default and
        // would count results of aborted transactions (a killed or fenced worker's), so it reads committed only.
        keel.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        Map<String, Object> props = new LinkedHashMap<>(config.kafka().clientProperties(keel));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.putAll(SloTopology.requiredProperties(metrics));
        props.putAll(extra);
        return props;
    }

    /** Where {@code keel status} and dashboards read the status ({@code GET <uri>/status}). */
    public URI statusUri() {
        return server.uri();
    }

    /** The status as the endpoint serves it (for the demo's live table and summary). */
    public StatusReading status() {
        return status.read();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The ids of the tasks this instance runs now ({@code 0_p}: intake of source partition p; {@code 1_p}: engine partition p). */
    public java.util.List<String> activeTasks() {
        return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .map(task -> task.taskId().toString()).sorted().toList();
    }

    public SloMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        streamsMeters.close();
        server.close();
        LOGGER.info("SLO app stopped");
    }
}
