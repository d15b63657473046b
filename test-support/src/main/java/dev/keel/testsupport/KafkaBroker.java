package dev.keel.testsupport;

import dev.keel.config.KafkaConfig;
import dev.keel.config.TopicsConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real broker a test talks to, shared by every test of the JVM (see {@link KafkaBrokerExtension}).
 * Tests isolate themselves with random topic and group names, never by restarting the broker.
 */
public interface KafkaBroker {

    /** Where the broker came from: an external one, a Testcontainers container, or the embedded broker. */
    enum Kind { EXTERNAL, TESTCONTAINERS, EMBEDDED }

    String bootstrapServers();

    Kind kind();

    /** Client properties pointing at this broker ({@code kafka:} section of a test config). */
    default KafkaConfig kafkaConfig() {
        return new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers()));
    }

    /** A name no other test uses: {@code prefix-<random>}. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Topic names for every Keel topic, random per call, not yet created. */
    default TopicsConfig uniqueTopics() {
        String suffix = UUID.randomUUID().toString().substring(0, 12);
        return new TopicsConfig("llm.requests." + suffix, "llm.requests.batch." + suffix, "llm.results." + suffix,
                "llm.requests.dlq." + suffix, "slo.sli." + suffix, "slo.pages." + suffix, "keel.control." + suffix, "keel.workers." + suffix,
                3, (short) 1, Map.of()).withDrills("keel.drills." + suffix);
    }

    default void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The group's committed offset per partition (partitions it never committed are absent). */
    default Map<TopicPartition, Long> committedOffsets(String groupId) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(partition, offset.offset());
                }
            });
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + groupId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Per partition of {@code topic}: its end offset minus the group's committed offset (0 when never committed). */
    default Map<TopicPartition, Long> lag(String groupId, String topic) {
        Map<TopicPartition, Long> committed = committedOffsets(groupId);
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> lag = new HashMap<>();
            partitions.forEach(p -> lag.put(p, ends.get(p).offset() - committed.getOrDefault(p, 0L)));
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of " + groupId + " on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
}
