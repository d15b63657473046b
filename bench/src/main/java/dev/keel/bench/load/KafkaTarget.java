package dev.keel.bench.load;

import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends each request as a {@code PromptRequest} to {@code llm.requests} (or {@code llm.requests.batch} for the
 * batch lane) and matches results from {@code llm.results}, read {@code read_committed} from its end as of
 * start-up, by {@code request_id}. The provider's time is the sum of the result's attempts' {@code latency_ms}.
 *
 * <p>Thread-safety: {@link #send} from one thread; one own thread ({@code load-results}) completes the futures.
 */
public final class KafkaTarget implements LoadTarget {

    private final KeelTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final KeelSerde<PromptResult> results = KeelSerde.of(PromptResult.class);
    private final Thread poller;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    public KafkaTarget(KafkaClients kafka, KeelTopics topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(producerProperties(kafka), new ByteArraySerializer(), new ByteArraySerializer());
        this.consumer = kafka.bytesConsumer(null, "keel-load-results");
        List<TopicPartition> partitions = consumer.partitionsFor(topics.results().name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.poller = Thread.ofPlatform().daemon().name("load-results").start(this::poll);
    }

    /**
     * Keel's producer settings without compression: the generator is a client, not Keel, and LZ4 allocated two
     * 64 KB blocks per batch, about half of everything the bench JVM allocated (its GC shares the cores with the
     * worker). Requests of a few hundred bytes in batches of a few records compress to almost nothing anyway.
     */
    static Map<String, Object> producerProperties(KafkaClients kafka) {
        Map<String, Object> props = kafka.producerProperties("keel-load-requests");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return props;
    }

    @Override
    public String name() {
        return "kafka " + topics.requests().name() + " -> " + topics.results().name();
    }

    @Override
    public CompletableFuture<Answer> send(LoadRequest request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(request.requestId(), answer);
        answer.whenComplete((a, e) -> pending.remove(request.requestId()));
        PromptRequest prompt = PromptRequest.newBuilder().setRequestId(request.requestId()).setTenantId(request.tenant())
                .setFeature(request.feature()).setCreatedAt(System.currentTimeMillis()).setLane(request.lane())
                .setMaxOutputTokens(request.maxOutputTokens())
                .setMessages(List.of(new ChatMessage(MessageRole.user, request.prompt()))).build();
        var topic = request.lane() == Lane.BATCH ? topics.requestsBatch() : topics.requests();
        producer.send(topic.serialized(request.requestId(), prompt), (metadata, error) -> {
            if (error != null) {
                answer.complete(Answer.failure("produce " + error.getClass().getSimpleName()));
            }
        });
        return answer;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (results.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                        CompletableFuture<Answer> answer = pending.get(ok.value().getRequestId());
                        if (answer != null) {
                            answer.complete(answer(ok.value()));
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    static Answer answer(PromptResult result) {
        if (result.getStatus() != ResultStatus.SUCCESS) {
            String attempts = result.getAttempts().stream().map(a -> a.getProvider() + ":" + a.getOutcome())
                    .collect(java.util.stream.Collectors.joining(",", " [", "]"));
            return Answer.failure(result.getStatus() + (result.getError() == null ? "" : " " + result.getError().getCode()) + attempts);
        }
        long providerMs = result.getAttempts().stream().mapToLong(Attempt::getLatencyMs).sum();
        return Answer.success(TimeUnit.MILLISECONDS.toNanos(providerMs), result.getCache() == CacheOutcome.HIT);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
