package dev.keel.router.it;

import dev.keel.config.KeelConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.SimPair;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's world for integration tests: two provider simulators (primary OpenAI-style, secondary
 * Anthropic-style), a config on random topics of the shared broker, workers, a producer of requests
 * and collectors of results and dead letters.
 */
final class WorkerStack implements AutoCloseable {

    static final Latency FAST = SimPair.FAST;

    final KafkaBroker broker;
    private final SimPair sims;
    final ProviderSim primary;
    final ProviderSim secondary;
    final KeelConfig config;
    final KeelTopics topics;
    final KafkaClients kafka;
    final Map<String, List<PromptResult>> results = new ConcurrentHashMap<>();
    final List<RouterWorker> workers = new CopyOnWriteArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    final Collector resultCollector;
    final Collector dlqCollector;

    private WorkerStack(KafkaBroker broker, Latency latency, UnaryOperator<KeelConfig> tweak) {
        this.broker = broker;
        this.sims = SimPair.start(latency);
        this.primary = sims.primary;
        this.secondary = sims.secondary;
        KeelConfig base = KeelConfig.defaults()
                .withKafka(broker.kafkaConfig())
                .withTopics(broker.uniqueTopics())
                .withProviders(sims.providers())
                .withWorker(new WorkerConfig(null, KafkaBroker.uniqueName("router"), 256, null, Duration.ofMillis(200), Duration.ofSeconds(5)));
        this.config = tweak.apply(base);
        this.topics = KeelTopics.from(config.topics());
        this.kafka = new KafkaClients(config.kafka());
        kafka.ensureTopics(config.topics());
        this.producer = kafka.bytesProducer("it-producer");
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        this.resultCollector = new Collector(kafka.bytesConsumer(null, "it-results"), topics.results().name(), record -> {
            PromptResult result = serde.decode(record.value()).orThrow();
            // Published with its first result already in it: readers never see an empty list.
            results.compute(result.getRequestId(), (id, list) -> {
                List<PromptResult> copies = list == null ? new CopyOnWriteArrayList<>() : list;
                copies.add(result);
                return copies;
            });
        });
        this.dlqCollector = new Collector(kafka.bytesConsumer(null, "it-dlq"), topics.dlq().name(), record -> { });
    }

    static WorkerStack start(KafkaBroker broker) {
        return new WorkerStack(broker, FAST, c -> c);
    }

    static WorkerStack start(KafkaBroker broker, Latency latency, UnaryOperator<KeelConfig> tweak) {
        return new WorkerStack(broker, latency, tweak);
    }

    RouterWorker startWorker(String id) {
        RouterWorker worker = RouterWorker.start(config.withWorker(config.worker().withId(id)), RouterWorker.Options.defaults());
        workers.add(worker);
        return worker;
    }

    /** A request with a prompt of its own, so the response cache never answers it. */
    static PromptRequest request(String id) {
        return PromptRequest.newBuilder().setRequestId(id).setTenantId("acme").setFeature("summarize")
                .setCreatedAt(System.currentTimeMillis()).setMaxOutputTokens(24)
                .setMessages(List.of(new ChatMessage(MessageRole.user, "Summarize document " + id + " in one line."))).build();
    }

    void send(PromptRequest request) {
        producer.send(topics.requests().serialized(request.getRequestId(), request));
    }

    void sendRaw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    void flush() {
        producer.flush();
    }

    void awaitResults(Collection<String> ids, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(ids.stream().filter(id -> !results.containsKey(id)).toList()).isEmpty());
    }

    /** The first result of each id (duplicates carry the same id). */
    List<PromptResult> firstResults(Collection<String> ids) {
        List<PromptResult> out = new ArrayList<>();
        for (String id : ids) {
            out.add(results.get(id).getFirst());
        }
        return out;
    }

    /** Requests whose (first) result came from this worker. */
    long answeredBy(String workerId) {
        return results.values().stream().filter(list -> workerId.equals(list.getFirst().getWorkerId())).count();
    }

    /** Calls the two provider simulators received. */
    long providerCalls() {
        return primary.stats().requests().values().stream().mapToLong(Long::longValue).sum()
                + secondary.stats().requests().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Partitions the group's member with this client id owns now (0 when it is not a member). */
    int assignedTo(String clientId) throws Exception {
        try (var admin = kafka.admin("it-group")) {
            var group = admin.describeConsumerGroups(List.of(config.worker().groupId())).all().get().get(config.worker().groupId());
            return group.members().stream().filter(m -> m.clientId().equals(clientId))
                    .mapToInt(m -> m.assignment().topicPartitions().size()).sum();
        }
    }

    int duplicates() {
        return results.values().stream().mapToInt(list -> list.size() - 1).sum();
    }

    /** The p-quantile of what callers waited (queue + processing), nearest rank. */
    static long percentile(List<PromptResult> results, double p) {
        long[] waits = results.stream().mapToLong(r -> r.getQueueMs() + r.getLatencyMs()).sorted().toArray();
        int rank = (int) Math.ceil(p * waits.length) - 1;
        return waits[Math.max(0, Math.min(rank, waits.length - 1))];
    }

    @Override
    public void close() throws Exception {
        for (RouterWorker worker : workers) {
            worker.close();
        }
        resultCollector.close();
        dlqCollector.close();
        producer.close();
        sims.close();
    }
}
