package dev.keel.slo;

import dev.keel.config.KeelConfig;
import dev.keel.config.SloConfig;
import dev.keel.slo.internal.BucketStore;
import dev.keel.slo.internal.PendingStore;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The SLO topology under a {@link TopologyTestDriver}: typed input and output topics, a mock wall
 * clock, and a restart that reopens the same state directory.
 */
final class SloHarness implements AutoCloseable {

    static final Instant WALL_START = Instant.parse("2031-06-01T00:00:00Z");

    private final KeelConfig config;
    private final Path stateDir;
    final SloMetrics metrics = SloMetrics.standalone();
    private TopologyTestDriver driver;
    private TestInputTopic<String, PromptResult> results;
    private TestInputTopic<String, byte[]> rawResults;
    private TestInputTopic<String, PromptRequest> requests;
    private TestOutputTopic<String, SliSnapshot> sli;
    private TestOutputTopic<String, PageEvent> pages;
    private final List<SliSnapshot> sliSeen = new ArrayList<>();
    private final List<PageEvent> pagesSeen = new ArrayList<>();
    private Instant wall = WALL_START;
    private int restoredRecords;
    private static final List<String> STORES = List.of(SloTopology.MINUTE_STORE, SloTopology.HOUR_STORE, SloTopology.REQUEST_STORE,
            SloTopology.ALERT_STORE, SloTopology.META_STORE, SloTopology.STATUS_STORE, SloTopology.PENDING_STORE, SloTopology.INTAKE_STORE);
    private static final Map<String, Deserializer<?>> VALUE_DESERIALIZERS = Map.of(
            SloTopology.REQUEST_STORE, new LongDeserializer(),
            SloTopology.META_STORE, new StringDeserializer(),
            SloTopology.STATUS_STORE, new StringDeserializer(),
            SloTopology.INTAKE_STORE, new StringDeserializer());

    SloHarness(SloConfig slo, Path stateDir) {
        this.config = KeelConfig.defaults().withSlo(slo);
        this.stateDir = stateDir;
        open();
    }

    private void open() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.slo().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(SloTopology.requiredProperties(metrics));
        driver = new TopologyTestDriver(SloTopology.build(new StreamsBuilder(), config.slo(), config.topics(), metrics, 1, 1), props, wall);
        results = driver.createInputTopic(config.topics().results(), new StringSerializer(), KeelSerde.of(PromptResult.class).serializer());
        rawResults = driver.createInputTopic(config.topics().results(), new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(config.topics().requests(), new StringSerializer(), KeelSerde.of(PromptRequest.class).serializer());
        sli = driver.createOutputTopic(config.topics().sli(), new StringDeserializer(), KeelSerde.of(SliSnapshot.class).deserializer());
        pages = driver.createOutputTopic(config.topics().pages(), new StringDeserializer(), KeelSerde.of(PageEvent.class).deserializer());
    }

    /**
     * Restarts the app the way Kafka Streams restores it on another machine: everything the stores
     * wrote to their changelog topics is read back, the driver is closed (which wipes its state
     * directory), and a new driver's stores are rebuilt from those changelog records before any input.
     */
    void restart() {
        drain();
        Map<String, List<TestRecord<String, byte[]>>> changelogs = new LinkedHashMap<>();
        for (String store : STORES) {
            String topic = config.slo().applicationId() + "-" + store + "-changelog";
            changelogs.put(store, driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList());
        }
        driver.close();
        open();
        changelogs.forEach((store, records) -> {
            KeyValueStore<String, Object> target = switch (store) {
                case SloTopology.PENDING_STORE -> castBacking(((PendingStore) driver.getStateStore(store)).backing());
                case SloTopology.MINUTE_STORE, SloTopology.HOUR_STORE -> castBacking(((BucketStore) driver.getStateStore(store)).backing());
                default -> driver.getKeyValueStore(store);
            };
            Deserializer<?> values = VALUE_DESERIALIZERS.getOrDefault(store, new ByteArrayDeserializer());
            for (TestRecord<String, byte[]> r : records) {
                target.put(r.key(), r.value() == null ? null : values.deserialize("", r.value()));
            }
        });
        restoredRecords = changelogs.values().stream().mapToInt(List::size).sum();
    }

    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, Object> castBacking(KeyValueStore<String, byte[]> backing) {
        return (KeyValueStore<String, Object>) (KeyValueStore<String, ?>) backing;
    }

    /** How many changelog records the last {@link #restart()} restored. */
    int restoredRecords() {
        return restoredRecords;
    }

    void result(PromptResult r) {
        results.pipeInput(r.getRequestId(), r, r.getCompletedAt());
    }

    void results(List<PromptResult> rs) {
        rs.forEach(this::result);
    }

    void rawResult(byte[] bytes) {
        rawResults.pipeInput("garbage", bytes, wall.toEpochMilli());
    }

    void request(PromptRequest r) {
        requests.pipeInput(r.getRequestId(), r, r.getCreatedAt());
    }

    void advanceWall(Duration d) {
        wall = wall.plus(d);
        driver.advanceWallClockTime(d);
    }

    List<SliSnapshot> slis() {
        drain();
        return List.copyOf(sliSeen);
    }

    List<PageEvent> pages() {
        drain();
        return List.copyOf(pagesSeen);
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    private void drain() {
        sliSeen.addAll(sli.readValuesToList());
        pagesSeen.addAll(pages.readValuesToList());
    }

    @Override
    public void close() {
        driver.close();
    }
}
