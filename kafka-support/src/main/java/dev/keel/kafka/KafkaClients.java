package dev.keel.kafka;

import dev.keel.config.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka clients with Keel's defaults under the user's {@code kafka:} properties (the user wins).
 * Producers are idempotent with {@code acks=all}, so a retried send cannot duplicate a result;
 * consumers never auto-commit, because Keel commits only what it has finished, and always read
 * committed ({@code isolation.level} is not overridable), so they never see an aborted result.
 */
public final class KafkaClients {

    private final KafkaConfig kafka;

    public KafkaClients(KafkaConfig kafka) {
        if (kafka.isEmbedded()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is 'embedded': start the embedded broker and pass its address first");
        }
        this.kafka = kafka;
    }

    public String bootstrapServers() {
        return kafka.properties().get(KafkaConfig.BOOTSTRAP_SERVERS);
    }

    public Map<String, Object> producerProperties(String clientId) {
        Map<String, Object> keel = new HashMap<>();
        keel.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        keel.put(ProducerConfig.ACKS_CONFIG, "all");
        keel.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        keel.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        keel.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        keel.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return kafka.clientProperties(keel);
    }

    public Map<String, Object> consumerProperties(String groupId, String clientId) {
        Map<String, Object> keel = new HashMap<>();
        keel.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            keel.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        keel.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        keel.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> props = kafka.clientProperties(keel);
        // Workers write results in transactions: a Keel consumer never shows an aborted (a killed worker's) result,
        // whatever the kafka: section says.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    public Map<String, Object> adminProperties(String clientId) {
        Map<String, Object> keel = new HashMap<>();
        keel.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        keel.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return kafka.clientProperties(keel);
    }

    public KafkaProducer<byte[], byte[]> bytesProducer(String clientId) {
        return new KafkaProducer<>(producerProperties(clientId), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public KafkaConsumer<byte[], byte[]> bytesConsumer(String groupId, String clientId) {
        return new KafkaConsumer<>(consumerProperties(groupId, clientId), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin(String clientId) {
        return Admin.create(adminProperties(clientId));
    }

    /** Creates the Keel topics that are missing (see {@link TopicProvisioner}); returns the names it created. */
    public java.util.List<String> ensureTopics(dev.keel.config.TopicsConfig topics) {
        try (Admin admin = admin("keel-topics")) {
            return TopicProvisioner.ensureTopics(admin, topics);
        }
    }

    /** Properties for a Kafka Streams application: the user's kafka: properties plus bootstrap. */
    public Map<String, Object> streamsProperties() {
        return new HashMap<>(kafka.properties());
    }
}
