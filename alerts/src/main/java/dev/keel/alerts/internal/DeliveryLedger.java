package dev.keel.alerts.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.keel.alerts.LedgerEntry;
import dev.keel.alerts.PageId;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The memory of {@code keel alerts}: a compacted topic with one entry per (sink, page transition), written
 * when the sink delivered it or gave up on it. Read in full at start, so after a restart a page that
 * reached a sink is never sent to it again, even when the pages-topic offset was not yet committed; and
 * the second copy of a duplicated page finds the first one's claim. Claims are in memory (thread-safe);
 * entries are written by the sinks' threads.
 */
public final class DeliveryLedger implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryLedger.class);
    static final ObjectMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final List<LedgerEntry> gaveUp = new CopyOnWriteArrayList<>();

    private DeliveryLedger(String topic, KafkaProducer<byte[], byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** Creates the topic when missing and reads it to its end. */
    public static DeliveryLedger open(KafkaClients kafka, String topic) {
        ensureTopic(kafka, topic);
        DeliveryLedger ledger = new DeliveryLedger(topic, kafka.bytesProducer("keel-alerts-ledger"));
        List<LedgerEntry> entries = readAll(kafka, topic);
        for (LedgerEntry e : entries) {
            ledger.claimed.add(e.key());
            if (e.outcome() == dev.keel.alerts.DeliveryOutcome.GAVE_UP) {
                ledger.gaveUp.add(e);
            }
        }
        LOGGER.info("Delivery ledger read topic={} entries={} undelivered={}", topic, entries.size(), ledger.gaveUp.size());
        return ledger;
    }

    /** Claims (sink, page) for delivery; false when it was delivered, given up or claimed before (a duplicate). */
    boolean claim(String sink, PageId id) {
        return claimed.add(sink + "|" + id.value());
    }

    /** Writes an outcome; {@code onWritten} runs once the broker has it (then the page may count as done for the sink). */
    void record(LedgerEntry entry, Runnable onWritten) {
        if (entry.outcome() == dev.keel.alerts.DeliveryOutcome.GAVE_UP) {
            gaveUp.add(entry);
        }
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new IllegalStateException("ledger entries always serialize", e);
        }
        producer.send(new ProducerRecord<>(topic, entry.key().getBytes(StandardCharsets.UTF_8), value), (meta, error) -> {
            if (error == null) {
                onWritten.run();
            } else {
                LOGGER.error("Cannot write the delivery ledger topic={} sink={} page={} error={}: the page stays uncommitted and is "
                        + "retried after a restart", topic, entry.sink(), entry.pageId(), error.getClass().getSimpleName());
            }
        });
    }

    /** Pages some sink gave up on, from the ledger and this run. */
    public List<LedgerEntry> undelivered() {
        return List.copyOf(gaveUp);
    }

    /** Every entry of a ledger topic, latest per key (what {@code keel alerts --undelivered} prints). */
    public static List<LedgerEntry> readAll(KafkaClients kafka, String topic) {
        Map<String, LedgerEntry> latest = new java.util.LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.bytesConsumer(null, "keel-alerts-ledger-reader")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading the delivery ledger " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        latest.remove(key);
                        continue;
                    }
                    try {
                        latest.put(key, JSON.readValue(r.value(), LedgerEntry.class));
                    } catch (IOException e) {
                        LOGGER.warn("Unreadable ledger entry topic={} partition={} offset={} skipped", topic, r.partition(), r.offset());
                    }
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    private static void ensureTopic(KafkaClients kafka, String topic) {
        try (Admin admin = kafka.admin("keel-alerts-topics")) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            NewTopic t = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty()).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(TopicProvisioner.SLO_RETENTION.toMillis())));
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
            LOGGER.info("Created topic topic={}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the delivery ledger topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating the delivery ledger topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
