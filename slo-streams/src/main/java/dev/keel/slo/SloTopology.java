package dev.keel.slo;

import dev.keel.config.KeelConfig;
import dev.keel.config.SloConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import dev.keel.slo.internal.BucketStore;
import dev.keel.slo.internal.EngineInput;
import dev.keel.slo.internal.EngineInputSerde;
import dev.keel.slo.internal.EngineOutput;
import dev.keel.slo.internal.EventTimeExtractors;
import dev.keel.slo.internal.Observation;
import dev.keel.slo.internal.ObservationMapper;
import dev.keel.slo.internal.PendingStore;
import dev.keel.slo.internal.ScopeIntake;
import dev.keel.slo.internal.ScopePartitioner;
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
 * and config (no {@code KafkaStreams} in here). Two sub-topologies: the intake (one task per source
 * partition) turns results ({@code completed_at} event time) and requests ({@code created_at}) into
 * partial minute buckets per scope and watermarks ({@link ScopeIntake}); they are repartitioned by scope
 * onto {@code <app-id>-slo-scopes-repartition} (N partitions, watermarks to all) and feed the engine
 * (one task per partition: its scopes), whose outputs go to {@code slo.sli} (key: scope) and
 * {@code slo.pages} (key: alert key). Processors and stores carry fixed names so internal topics keep
 * stable names.
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
    /** The intake's partial buckets not yet sent to the engine (per source partition). */
    public static final String PENDING_STORE = "slo-intake-pending";
    /** The intake's clock and admitted scopes (per source partition). */
    public static final String INTAKE_STORE = "slo-intake-meta";

    private SloTopology() {
    }

    /**
     * The topology, assuming the source topics have the partition counts the config gives them
     * ({@code topics.partitions}, 6 by default). Under a {@code TopologyTestDriver} (one partition)
     * use the overload with {@code sourcePartitions = 1} and {@code enginePartitions = 1}: the driver puts every
     * record on partition 0, and source partitions that never send anything hold windows open until the wall
     * clock moves them on.
     */
    public static Topology build(StreamsBuilder builder, KeelConfig config) {
        return build(builder, config.slo(), config.topics(), SloMetrics.standalone(), sourcePartitions(config.topics().partitionsByTopic(), config.topics()));
    }

    /** The topology with {@code topics.partitions} engine partitions. */
    public static Topology build(StreamsBuilder builder, SloConfig slo, TopicsConfig topics, SloMetrics metrics, int sourcePartitions) {
        return build(builder, slo, topics, metrics, sourcePartitions, topics.partitions());
    }

    /** The largest partition count of the engine's source topics (results, requests, batch requests): its intake task count. */
    public static int sourcePartitions(Map<String, Integer> partitionsByTopic, TopicsConfig topics) {
        return Math.max(partitionsByTopic.getOrDefault(topics.results(), 1),
                Math.max(partitionsByTopic.getOrDefault(topics.requests(), 1), partitionsByTopic.getOrDefault(topics.requestsBatch(), 1)));
    }

    /**
     * The topology. {@code sourcePartitions} must be the real largest partition count of the source
     * topics (one intake task each): windows close only when every intake's watermark has passed them
     * (see the README). {@code enginePartitions} is the partition count of the scope-partitioned topic:
     * the most engine tasks, hence instances, that can share the work.
     */
    public static Topology build(StreamsBuilder builder, SloConfig slo, TopicsConfig topics, SloMetrics metrics, int sourcePartitions,
                                 int enginePartitions) {
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
        builder.addStateStore(BucketStore.builder(MINUTE_STORE));
        builder.addStateStore(BucketStore.builder(HOUR_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REQUEST_STORE), keys, Serdes.Long()).withCachingEnabled());
        builder.addStateStore(bytesStore(ALERT_STORE, false));
        builder.addStateStore(stringStore(META_STORE, true));
        builder.addStateStore(stringStore(STATUS_STORE, true));
        builder.addStateStore(PendingStore.builder(PENDING_STORE));
        builder.addStateStore(stringStore(INTAKE_STORE, true));

        results.merge(requests, Named.as("slo-observations-merge"))
                .process(() -> new ScopeIntake(slo, PENDING_STORE, INTAKE_STORE,
                        List.of(topics.results(), topics.requests(), topics.requestsBatch()), enginePartitions), Named.as("slo-intake"), PENDING_STORE, INTAKE_STORE)
                .repartition(Repartitioned.<String, EngineInput>as("slo-scopes")
                        .withKeySerde(keys).withValueSerde(new EngineInputSerde()).withNumberOfPartitions(enginePartitions)
                        .withStreamPartitioner(new ScopePartitioner()))
                .process(() -> new SloProcessor(slo, metrics, names, sourcePartitions, enginePartitions), Named.as("slo-engine"),
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
