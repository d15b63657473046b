package dev.keel.slo;

import dev.keel.config.KeelConfig;
import dev.keel.config.SloConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import dev.keel.slo.internal.EngineOutput;
import dev.keel.slo.internal.EventTimeExtractors;
import dev.keel.slo.internal.Observation;
import dev.keel.slo.internal.ObservationMapper;
import dev.keel.slo.internal.ObservationSerde;
import dev.keel.slo.internal.SloDeserializationHandler;
import dev.keel.slo.internal.SloProcessor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.Map;

/**
 * The SLO engine as a Kafka Streams topology, built by a pure function of a {@link StreamsBuilder}
 * and config (no {@code KafkaStreams} in here). Results ({@code completed_at} event time) and requests
 * ({@code created_at}) become compact observations, are repartitioned onto the one-partition topic
 * {@code <app-id>-slo-observations-repartition} so a single task evaluates every scope in one order,
 * and feed the engine, whose outputs go to {@code slo.sli} (key: scope) and {@code slo.pages} (key:
 * alert key). Processors and stores carry fixed names so internal topics keep stable names.
 * Semantics: slo-streams/README.md.
 */
public final class SloTopology {

    public static final String MINUTE_STORE = "slo-minute-buckets";
    public static final String HOUR_STORE = "slo-hour-buckets";
    public static final String REQUEST_STORE = "slo-request-counts";
    public static final String ALERT_STORE = "slo-alert-states";
    public static final String META_STORE = "slo-engine-meta";
    /** Scope -> status JSON, read by the status endpoint through interactive queries. */
    public static final String STATUS_STORE = "slo-status";

    private SloTopology() {
    }

    /**
     * The topology, assuming the results topic has the partition count the config gives it
     * ({@code topics.partitions}, 6 by default). Under a {@code TopologyTestDriver} (one partition)
     * use the overload with {@code resultPartitions = 1}: partitions that never send anything hold
     * windows open until the wall clock moves them on.
     */
    public static Topology build(StreamsBuilder builder, KeelConfig config) {
        return build(builder, config.slo(), config.topics(), SloMetrics.standalone(), config.topics().partitionsByTopic().get(config.topics().results()));
    }

    /**
     * The topology. {@code resultPartitions} must be the real partition count of the results topic:
     * windows close only when every partition's event time has passed them (see the README).
     */
    public static Topology build(StreamsBuilder builder, SloConfig slo, TopicsConfig topics, SloMetrics metrics, int resultPartitions) {
        Serde<String> keys = Serdes.String();
        KStream<String, Observation> results = builder
                .stream(topics.results(), Consumed.with(keys, KeelSerde.of(PromptResult.class))
                        .withTimestampExtractor(EventTimeExtractors.completedAt()).withName("slo-results-source"))
                .process(() -> new ObservationMapper<PromptResult>((result, time, partition) -> {
                    metrics.resultRead(result);
                    return Observation.of(result, time, partition);
                }), Named.as("slo-results-observe"));
        KStream<String, Observation> requests = builder
                .stream(List.of(topics.requests(), topics.requestsBatch()), Consumed.with(keys, KeelSerde.of(PromptRequest.class))
                        .withTimestampExtractor(EventTimeExtractors.createdAt()).withName("slo-requests-source"))
                .process(() -> new ObservationMapper<>(Observation::of), Named.as("slo-requests-observe"));

        SloProcessor.StoreNames names = new SloProcessor.StoreNames(MINUTE_STORE, HOUR_STORE, REQUEST_STORE, ALERT_STORE, META_STORE, STATUS_STORE);
        builder.addStateStore(bytesStore(MINUTE_STORE, true));
        builder.addStateStore(bytesStore(HOUR_STORE, true));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REQUEST_STORE), keys, Serdes.Long()).withCachingEnabled());
        builder.addStateStore(bytesStore(ALERT_STORE, false));
        builder.addStateStore(stringStore(META_STORE, true));
        builder.addStateStore(stringStore(STATUS_STORE, false));

        results.merge(requests, Named.as("slo-observations-merge"))
                .repartition(Repartitioned.<String, Observation>as("slo-observations")
                        .withKeySerde(keys).withValueSerde(new ObservationSerde()).withNumberOfPartitions(1))
                .process(() -> new SloProcessor(slo, metrics, names, resultPartitions), Named.as("slo-engine"),
                        MINUTE_STORE, HOUR_STORE, REQUEST_STORE, ALERT_STORE, META_STORE, STATUS_STORE)
                .split(Named.as("slo-output-"))
                .branch((k, v) -> v instanceof EngineOutput.Sli, Branched.withConsumer(s -> s
                        .mapValues(v -> ((EngineOutput.Sli) v).value(), Named.as("slo-sli-value"))
                        .to(topics.sli(), Produced.with(keys, KeelSerde.of(SliSnapshot.class)).withName("slo-sli-sink")), "sli"))
                .branch((k, v) -> v instanceof EngineOutput.Page, Branched.withConsumer(s -> s
                        .mapValues(v -> ((EngineOutput.Page) v).value(), Named.as("slo-page-value"))
                        .to(topics.pages(), Produced.with(keys, KeelSerde.of(PageEvent.class)).withName("slo-page-sink")), "pages"));
        return builder.build();
    }

    /**
     * Streams properties the topology relies on: the exception handler that skips (logs and counts)
     * undecodable input records, and the metrics it counts into.
     */
    public static Map<String, Object> requiredProperties(SloMetrics metrics) {
        return Map.of(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SloDeserializationHandler.class.getName(),
                SloMetrics.CONFIG_KEY, metrics);
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> bytesStore(String name, boolean cached) {
        StoreBuilder<KeyValueStore<String, byte[]>> b = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
        return cached ? b.withCachingEnabled() : b;
    }

    private static StoreBuilder<KeyValueStore<String, String>> stringStore(String name, boolean cached) {
        StoreBuilder<KeyValueStore<String, String>> b = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
        return cached ? b.withCachingEnabled() : b;
    }
}
