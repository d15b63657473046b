package dev.keel.slo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scripted day of {@link DayReplayTest} through a real {@link SloApp} on a real broker, with the
 * results spread by key over 6 partitions (the engine sees them interleaved in chunks): the SLIs and
 * pages must still be the brute-force ones.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SloAppIT {

    private static final Path DAY = Path.of("src/test/resources/day");

    @Test
    void shouldGiveTheBruteForceSlisAndPagesWhenADayIsReplayedIntoSixPartitions(KafkaBroker broker, @TempDir Path dir) throws Exception {
        // Given the day moved to two days ago (brokers refuse timestamps more than an hour ahead), without
        // its one deliberately late line (over 6 partitions, whether it is late depends on the interleaving)
        List<String> all = shiftedToTwoDaysAgo(Files.readAllLines(DAY.resolve("results.jsonl")));
        List<String> lines = inOrder(all);
        assertThat(lines).hasSize(all.size() - 1);
        Path file = dir.resolve("day.jsonl");
        Files.write(file, lines);
        KeelConfig day = new ConfigLoader(Map.of()).load(DAY.resolve("day.keel.yaml"));
        TopicsConfig topics = broker.uniqueTopics();
        topics.partitionsByTopic().forEach((name, n) -> broker.createTopic(name, name.equals(topics.results()) ? 6 : n));
        KeelConfig config = day.withKafka(broker.kafkaConfig()).withTopics(topics)
                .withSlo(day.slo().withApplicationId(KafkaBroker.uniqueName("keel-slo")).withStatusPort(0));
        BruteForceSlo expected = new BruteForceSlo(file, config.slo().minRequests());

        try (SloApp app = SloApp.start(config, Map.of("state.dir", dir.resolve("state").toString()), new SimpleMeterRegistry())) {
            // When the day is published in file order, keyed by request id, stamped with completed_at
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
                for (String line : lines) {
                    PromptResult r = JsonCodec.read(line, PromptResult.class).orThrow();
                    producer.send(new ProducerRecord<>(topics.results(), null, r.getCompletedAt(), r.getRequestId(), serde.encode(r)));
                }
            }

            // Then every snapshot arrives with the brute-force count, and the pages up to the last data minute match
            List<SliSnapshot> slis = new ArrayList<>();
            List<PageEvent> pages = new ArrayList<>();
            List<BruteForceSlo.Sli> expectedSlis = expected.slis();
            try (KafkaConsumer<String, byte[]> consumer = consumer(broker)) {
                consumer.subscribe(List.of(topics.sli(), topics.pages()));
                await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.topic().equals(topics.sli())) {
                            slis.add(KeelSerde.of(SliSnapshot.class).decode(r.value()).orThrow());
                        } else {
                            pages.add(KeelSerde.of(PageEvent.class).decode(r.value()).orThrow());
                        }
                    }
                    assertThat(slis).hasSizeGreaterThanOrEqualTo(expectedSlis.size());
                });
            }
            assertThat(app.metrics().lateResults()).isZero();
            assertThat(slis).hasSize(expectedSlis.size());
            long total = slis.stream().filter(s -> s.getScope().equals("global")).mapToLong(SliSnapshot::getCount).sum();
            assertThat(total).isEqualTo(lines.size());
            long lastEnd = slis.stream().mapToLong(SliSnapshot::getWindowEnd).max().orElseThrow();
            List<String> actualRows = pages.stream().filter(p -> p.getEvaluatedAt() <= lastEnd)
                    .map(p -> p.getEvaluatedAt() + " " + p.getAlertKey() + " " + p.getState() + " " + p.getStartedAt()).sorted().toList();
            List<String> expectedRows = expected.pages(lastEnd).stream()
                    .map(p -> p.evaluatedAt() + " " + p.alertKey() + " " + p.state() + " " + p.startedAt()).sorted().toList();
            assertThat(actualRows).isEqualTo(expectedRows).isNotEmpty();
        }
    }

    /** The same lines with every time moved by whole days, so minutes and hours stay aligned. */
    static List<String> shiftedToTwoDaysAgo(List<String> lines) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        long day = 86_400_000L;
        long first = json.readTree(lines.getFirst()).get("completed_at").asLong();
        long shift = (System.currentTimeMillis() / day - 2) * day - Math.floorDiv(first, day) * day;
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            ObjectNode node = (ObjectNode) json.readTree(line);
            node.put("created_at", node.get("created_at").asLong() + shift);
            node.put("completed_at", node.get("completed_at").asLong() + shift);
            out.add(node.toString());
        }
        return out;
    }

    /** The lines that are not late in file order (their minute is still open: see the README). */
    static List<String> inOrder(List<String> lines) {
        List<String> kept = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (String line : lines) {
            long t = JsonCodec.read(line, PromptResult.class).orThrow().getCompletedAt();
            if (kept.isEmpty() || BruteForceSlo.floorMin(t) >= BruteForceSlo.floorMin(max - BruteForceSlo.GRACE)) {
                kept.add(line);
                max = Math.max(max, t);
            }
        }
        return kept;
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaBroker broker) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, KafkaBroker.uniqueName("slo-it"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
