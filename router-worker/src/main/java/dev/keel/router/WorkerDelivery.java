package dev.keel.router;

import dev.keel.config.DeliveryGuarantee;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.router.delivery.RecordHandler;
import dev.keel.router.delivery.RequestConsumer;
import dev.keel.router.delivery.WorkerHealth;
import dev.keel.schemas.Lane;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Kafka clients of a worker's request loop, with the settings its guarantee depends on: the
 * request consumer reads committed (KIP-447 needs it to wait for a previous owner's pending offsets),
 * the cooperative assignor moves only the partitions that change owner, and under exactly-once the
 * producer is transactional with a per-worker id and a short {@code transaction.timeout.ms}, so a
 * killed worker's open transaction is aborted within seconds instead of holding back every
 * {@code read_committed} reader for a minute.
 */
final class WorkerDelivery {

    /** Our transactions last milliseconds; a dead worker's one blocks read_committed readers this long. */
    static final int TRANSACTION_TIMEOUT_MS = 10_000;

    private WorkerDelivery() {
    }

    static RequestConsumer requestConsumer(KeelConfig config, KafkaClients kafka, String workerId, KeelTopics topics,
                                           RecordHandler handler, WorkerHealth health, MeterRegistry meters, Clock clock,
                                           List<AutoCloseable> resources) {
        Map<String, Object> consumerProps = kafka.consumerProperties(config.worker().groupId(), workerId);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(500, config.worker().maxInFlight()));
        // A dead worker's partitions wait for its session to expire; Kafka's 45 s would stall requests for that
        // long, so Keel asks for 10 s (a kafka: property set by the user still wins).
        consumerProps.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        consumerProps.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        consumerProps.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        bindKafkaMeters(meters, new KafkaClientMetrics(consumer, Tags.of("kafka_client", "consumer")), resources);
        Map<String, Lane> lanes = Map.of(topics.requests().name(), Lane.INTERACTIVE, topics.requestsBatch().name(), Lane.BATCH);
        if (config.worker().delivery() == DeliveryGuarantee.AT_LEAST_ONCE) {
            KafkaProducer<byte[], byte[]> producer = kafka.bytesProducer(workerId);
            resources.add(producer);
            bindKafkaMeters(meters, new KafkaClientMetrics(producer, Tags.of("kafka_client", "producer")), resources);
            return RequestConsumer.atLeastOnce(consumer, lanes, handler, config.worker(), producer, health, meters, clock);
        }
        Map<String, Object> producerProps = kafka.producerProperties(workerId);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(config.worker().groupId(), workerId));
        producerProps.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return RequestConsumer.exactlyOnce(consumer, lanes, handler, config.worker(),
                () -> new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer()), health, meters, clock);
    }

    /**
     * Kafka's own client meters (consumer lag, fetch and send rates) in the worker's registry, unbound at
     * close. The transactional producer is re-created after fencing, so only the consumer's (and the
     * at-least-once producer's) meters are bound; result sends are counted by {@code WorkerMeters}.
     */
    private static void bindKafkaMeters(MeterRegistry meters, KafkaClientMetrics binder, List<AutoCloseable> resources) {
        binder.bindTo(meters);
        resources.add(binder);
    }

    /** Unique per live worker (worker ids are); the group generation fences zombies (KIP-447). */
    static String transactionalId(String groupId, String workerId) {
        return "keel-" + groupId + "-" + workerId;
    }
}
