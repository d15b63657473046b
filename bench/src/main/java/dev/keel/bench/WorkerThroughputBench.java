package dev.keel.bench;

import dev.keel.config.DeliveryGuarantee;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.sim.Latency;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One worker's throughput and its own overhead: requests that each need a provider call (unique
 * prompts, so the cache never answers) against simulators with no latency, as fast as the worker
 * takes them. Overhead per request = the result's latency minus the time spent in provider calls
 * (decode, validation, token counting, budget, cache, routing, result encoding and the ack).
 */
final class WorkerThroughputBench {

    private WorkerThroughputBench() {
    }

    private static DeliveryGuarantee delivery(String id) {
        for (DeliveryGuarantee g : DeliveryGuarantee.values()) {
            if (g.id().equals(id)) {
                return g;
            }
        }
        System.err.println("bench: delivery must be exactly-once or at-least-once, not '" + id + "'");
        System.exit(2);
        return null;
    }

    static void run(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        DeliveryGuarantee delivery = args.length > 2 ? delivery(args[2]) : DeliveryGuarantee.EXACTLY_ONCE;
        try (BenchStack stack = new BenchStack(Latency.NONE, inFlight, 6)) {
            KeelTopics topics = KeelTopics.from(stack.config.topics());
            KafkaClients kafka = new KafkaClients(stack.config.kafka());
            RouterWorker worker = RouterWorker.start(stack.config.withWorker(stack.config.worker().withId("bench").withDelivery(delivery)),
                    RouterWorker.Options.defaults());
            KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
            long[] overhead = new long[requests];
            long[] queue = new long[requests];
            Set<String> seen = new HashSet<>();
            int failed = 0;
            long start;
            try (KafkaProducer<byte[], byte[]> producer = kafka.bytesProducer("bench-load");
                 KafkaConsumer<byte[], byte[]> consumer = kafka.bytesConsumer(null, "bench-results")) {
                List<TopicPartition> partitions = consumer.partitionsFor(topics.results().name(), Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                start = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    PromptRequest request = PromptRequest.newBuilder().setRequestId("bench-" + i).setTenantId("t" + (i % 10))
                            .setFeature("f" + (i % 4)).setCreatedAt(System.currentTimeMillis()).setMaxOutputTokens(32)
                            .setMessages(List.of(new ChatMessage(MessageRole.user, "Summarize document number " + i + " briefly.")))
                            .build();
                    producer.send(topics.requests().serialized(request.getRequestId(), request));
                }
                producer.flush();
                while (seen.size() < requests) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok && seen.add(ok.value().getRequestId())) {
                            PromptResult r = ok.value();
                            int n = seen.size() - 1;
                            long inCalls = r.getAttempts().stream().mapToLong(Attempt::getLatencyMs).sum();
                            overhead[n] = Math.max(0, r.getLatencyMs() - inCalls);
                            queue[n] = r.getQueueMs();
                            failed += r.getStatus() == ResultStatus.SUCCESS ? 0 : 1;
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            worker.close();
            System.out.printf(Locale.ROOT, "| worker throughput, %s | %,d requests, max-in-flight %d | %,.0f results/s | overhead p50 %d ms, p95 %d ms | not successful %d | heap after GC %d MB (whole JVM: broker, sims, worker) |%n",
                    delivery.id(), requests, inFlight, requests / seconds, Stats.percentile(overhead, 0.5), Stats.percentile(overhead, 0.95), failed, heapMb);
        }
    }
}
