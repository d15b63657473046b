package dev.keel.bench;

import dev.keel.config.DeliveryGuarantee;
import dev.keel.config.WorkerConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.sim.Latency;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What exactly-once costs in result latency: the same paced load through one worker under
 * {@code worker.delivery: at-least-once} and {@code exactly-once}, each on a fresh embedded broker.
 * Latency is what a caller sees: from handing the request to the producer until a
 * {@code read_committed} consumer of {@code llm.results} receives its result (same JVM, same clock).
 * The simulators answer in ~20 ms, so the figures are mostly delivery. The first {@link #WARM_UP}
 * requests (group join, JIT, the first transactions) are sent at the same pace but not counted.
 */
final class DeliveryLatencyBench {

    private static final Latency QUICK = new Latency(15, 25, 1, 2);
    static final int WARM_UP = 500;

    private DeliveryLatencyBench() {
    }

    static void run(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Map<DeliveryGuarantee, long[]> latencies = new HashMap<>();
        for (DeliveryGuarantee mode : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
            latencies.put(mode, measure(mode, requests, rate));
        }
        long[] alo = latencies.get(DeliveryGuarantee.AT_LEAST_ONCE);
        long[] eos = latencies.get(DeliveryGuarantee.EXACTLY_ONCE);
        for (DeliveryGuarantee mode : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
            long[] l = latencies.get(mode);
            System.out.printf(Locale.ROOT, "| %s | %,d requests at %d/s, commit-interval 100 ms | %d ms | %d ms | %d ms |%n",
                    mode.id(), requests, rate, Stats.percentile(l, 0.5), Stats.percentile(l, 0.99), Stats.max(l));
        }
        System.out.printf(Locale.ROOT, "| exactly-once minus at-least-once | | %+d ms | %+d ms | |%n",
                Stats.percentile(eos, 0.5) - Stats.percentile(alo, 0.5), Stats.percentile(eos, 0.99) - Stats.percentile(alo, 0.99));
    }

    private static long[] measure(DeliveryGuarantee mode, int requests, int rate) throws Exception {
        try (BenchStack stack = new BenchStack(QUICK, 256, 6)) {
            var config = stack.config.withWorker(new WorkerConfig("bench-" + mode.id(), "bench-" + mode.id(), 256, null, null,
                    Duration.ofSeconds(5), mode));
            KeelTopics topics = KeelTopics.from(config.topics());
            KafkaClients kafka = new KafkaClients(config.kafka());
            RouterWorker worker = RouterWorker.start(config, RouterWorker.Options.defaults());
            KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            long[] latency = new long[requests];
            int seen = 0;
            try (KafkaProducer<byte[], byte[]> producer = kafka.bytesProducer("bench-load");
                 KafkaConsumer<byte[], byte[]> consumer = kafka.bytesConsumer(null, "bench-results");
                 ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topics.results().name(), Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                AtomicInteger next = new AtomicInteger();
                pacer.scheduleAtFixedRate(() -> {
                    int i = next.getAndIncrement() - WARM_UP;
                    if (i >= requests) {
                        return;
                    }
                    String id = mode.id() + "-" + (i < 0 ? "warm-up" + i : i);
                    PromptRequest request = PromptRequest.newBuilder().setRequestId(id).setTenantId("t" + (i % 10))
                            .setFeature("f" + (i % 4)).setCreatedAt(System.currentTimeMillis()).setMaxOutputTokens(16)
                            .setMessages(List.of(new ChatMessage(MessageRole.user, "Summarize document number " + i + " briefly.")))
                            .build();
                    if (i >= 0) {
                        sentAt.put(id, System.nanoTime());
                    }
                    producer.send(topics.requests().serialized(id, request));
                }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
                while (seen < requests) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        if (serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                            Long sent = sentAt.remove(ok.value().getRequestId());
                            if (sent != null) {
                                latency[seen++] = TimeUnit.NANOSECONDS.toMillis(now - sent);
                            }
                        }
                    }
                }
                pacer.shutdownNow();
            } finally {
                worker.close();
            }
            return latency;
        }
    }
}
