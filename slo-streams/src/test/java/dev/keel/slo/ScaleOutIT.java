package dev.keel.slo;

import dev.keel.config.ConfigLoader;
import dev.keel.config.KeelConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scripted day of {@link SloAppIT} (6 results partitions) replayed into one SLO instance and into
 * three instances of another application (three Kafka Streams in this JVM, own state directories, one
 * application id): the engine's scopes are spread over the three, and {@code slo.sli} and
 * {@code slo.pages} must come out identical, record for record (pages but their wall-clock emitted_at).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ScaleOutIT {

    private static final Path DAY = Path.of("src/test/resources/day");

    @Test
    void shouldEmitIdenticalSlisAndPagesFromOneInstanceAndFromThree(KafkaBroker broker, @TempDir Path dir) throws Exception {
        // Given the day, two applications reading the same 6-partition results topic into their own output topics
        List<String> lines = SloAppIT.inOrder(SloAppIT.shiftedToTwoDaysAgo(Files.readAllLines(DAY.resolve("results.jsonl"))));
        KeelConfig day = new ConfigLoader(Map.of()).load(DAY.resolve("day.keel.yaml"));
        TopicsConfig one = broker.uniqueTopics();
        TopicsConfig other = broker.uniqueTopics();
        TopicsConfig three = new TopicsConfig(one.requests(), one.requestsBatch(), one.results(), one.dlq(), other.sli(), other.pages(),
                one.control(), one.workers(), one.drills(), one.partitions(), one.replicationFactor(), one.partitionOverrides());
        one.partitionsByTopic().forEach((name, n) -> broker.createTopic(name, name.equals(one.results()) ? 6 : n));
        broker.createTopic(other.sli(), one.partitions());
        broker.createTopic(other.pages(), one.partitions());
        KeelConfig single = config(day, broker, one, KafkaBroker.uniqueName("keel-slo-one"));
        KeelConfig trio = config(day, broker, three, KafkaBroker.uniqueName("keel-slo-three"));

        try (SloApp a = SloApp.start(single, Map.of("state.dir", dir.resolve("a").toString()), new SimpleMeterRegistry());
             SloApp b1 = SloApp.start(trio, Map.of("state.dir", dir.resolve("b1").toString()), new SimpleMeterRegistry());
             SloApp b2 = SloApp.start(trio, Map.of("state.dir", dir.resolve("b2").toString()), new SimpleMeterRegistry());
             SloApp b3 = SloApp.start(trio, Map.of("state.dir", dir.resolve("b3").toString()), new SimpleMeterRegistry())) {
            // And the three share the work: each runs some of the 6 intake and the engine's tasks (one per engine partition)
            int tasks = 6 + three.partitions();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(a.activeTasks()).hasSize(tasks);
                List<String> shared = new ArrayList<>();
                for (SloApp b : List.of(b1, b2, b3)) {
                    assertThat(b.activeTasks()).isNotEmpty().anySatisfy(t -> assertThat(t).startsWith("1_"));
                    shared.addAll(b.activeTasks());
                }
                assertThat(shared).hasSize(tasks).doesNotHaveDuplicates();
            });

            // When the day is published, keyed by request id, stamped with completed_at
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
                for (String line : lines) {
                    PromptResult r = JsonCodec.read(line, PromptResult.class).orThrow();
                    producer.send(new ProducerRecord<>(one.results(), null, r.getCompletedAt(), r.getRequestId(), serde.encode(r)));
                }
            }
            long lastEnd = lines.stream().mapToLong(l -> JsonCodec.read(l, PromptResult.class).orThrow().getCompletedAt())
                    .map(t -> Math.floorDiv(t, 60_000L) * 60_000L + 60_000L).max().orElseThrow();

            // Then both have closed the last data minute on every engine task
            for (SloApp app : List.of(a, b1)) {
                await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(app.status())
                        .isInstanceOfSatisfying(StatusReading.Ready.class, ready -> assertThat(ready.snapshot().evaluatedThrough())
                                .isNotNull().isGreaterThanOrEqualTo(lastEnd)));
            }

            // And their SLIs and pages up to it are identical
            Outputs fromOne = read(broker, one, lastEnd);
            Outputs fromThree = read(broker, three, lastEnd);
            assertThat(fromOne.slis()).isNotEmpty();
            assertThat(fromOne.pages()).isNotEmpty();
            assertThat(fromThree.slis()).isEqualTo(fromOne.slis());
            assertThat(fromThree.pages()).isEqualTo(fromOne.pages());
            long counted = fromOne.slis().stream().filter(s -> s.startsWith("global|")).count();
            assertThat(counted).isPositive();
            assertThat(a.metrics().lateResults() + b1.metrics().lateResults() + b2.metrics().lateResults() + b3.metrics().lateResults()).isZero();
        }
    }

    private static KeelConfig config(KeelConfig day, KafkaBroker broker, TopicsConfig topics, String applicationId) {
        return day.withKafka(broker.kafkaConfig()).withTopics(topics).withSlo(day.slo().withApplicationId(applicationId).withStatusPort(0));
    }

    /** Sorted rows: SLIs by scope, lane and window; pages by evaluation, key and state (emitted_at left out). */
    private record Outputs(TreeSet<String> slis, TreeSet<String> pages) {
    }

    private static Outputs read(KafkaBroker broker, TopicsConfig topics, long through) {
        TreeSet<String> slis = new TreeSet<>();
        TreeSet<String> pages = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, KafkaBroker.uniqueName("scale-out-it"), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.sli(), topics.pages()));
            int[] emptyPolls = {0};
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).untilAsserted(() -> {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.topic().equals(topics.sli())) {
                        SliSnapshot s = KeelSerde.of(SliSnapshot.class).decode(r.value()).orThrow();
                        if (s.getWindowEnd() <= through) {
                            slis.add(s.getScope() + "|" + s.getLane() + "|" + s.getWindowStart() + "|" + s);
                        }
                    } else {
                        PageEvent p = PageEvent.newBuilder(KeelSerde.of(PageEvent.class).decode(r.value()).orThrow()).setEmittedAt(0).build();
                        if (p.getEvaluatedAt() <= through) {
                            pages.add(p.getEvaluatedAt() + "|" + p.getAlertKey() + "|" + p.getState() + "|" + p);
                        }
                    }
                }
                emptyPolls[0] = records.isEmpty() ? emptyPolls[0] + 1 : 0;
                // Read to the end: both topics were complete through 'through' before this call.
                assertThat(emptyPolls[0]).isGreaterThanOrEqualTo(3);
            });
        }
        return new Outputs(slis, pages);
    }
}
