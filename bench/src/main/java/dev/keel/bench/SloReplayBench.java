package dev.keel.bench;

import dev.keel.config.KafkaConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.SloConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.embedded.EmbeddedKafkaBroker;
import dev.keel.kafka.KafkaClients;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.slo.SloApp;
import dev.keel.slo.StatusReading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The SLO engine's replay throughput: N results spread evenly over one simulated day, or DAYS days (four scopes
 * each: global, one of P providers, one of F features, one of T tenants; both lanes; 2% failures) are
 * produced onto a 6-partition results topic first, then one SLO instance is started and timed from its
 * first result read to the close of the day's last minute. The day is followed by one result per
 * partition 71 s past its end, so the last window closes on event time, not after a wall-clock wait.
 * Also prints the bytes of the engine's RocksDB stores afterwards.
 */
final class SloReplayBench {

    private static final long DAY = 86_400_000L;

    private SloReplayBench() {
    }

    static void run(String[] args) throws Exception {
        int results = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int features = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        // Stream threads of the one instance; 0 (the default) keeps SloApp's own setting.
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int providers = 2;
        Path state = Files.createTempDirectory("keel-slo-bench");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.temporary())) {
            TopicsConfig topics = new TopicsConfig(null, null, null, null, null, null, null, null, 6, null, null);
            KeelConfig config = KeelConfig.defaults()
                    .withKafka(new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers())))
                    .withTopics(topics)
                    .withSlo(SloConfig.defaults().withApplicationId("keel-slo-bench").withStatusPort(0));
            KafkaClients kafka = new KafkaClients(config.kafka());
            kafka.ensureTopics(topics);
            long dayStart = (System.currentTimeMillis() / DAY - 1 - days) * DAY;
            long produceStart = System.nanoTime();
            long span = days * DAY;
            produce(kafka, topics.results(), results, dayStart, span, tenants, features, providers);
            double produceS = (System.nanoTime() - produceStart) / 1e9;
            long lastEnd = dayStart + span;

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            long started = System.nanoTime();
            Map<String, Object> props = new java.util.HashMap<>(Map.of("state.dir", state.toString()));
            if (threads > 0) {
                props.put("num.stream.threads", threads);
            }
            try (SloApp app = SloApp.start(config, props, registry)) {
                long first = 0;
                int engineScopes;
                while (true) {
                    double read = registry.find(dev.keel.slo.SloMetrics.RESULTS).counters().stream().mapToDouble(c -> c.count()).sum();
                    if (first == 0 && read > 0) {
                        first = System.nanoTime();
                    }
                    if (app.status() instanceof StatusReading.Ready ready && ready.snapshot().evaluatedThrough() != null
                            && ready.snapshot().evaluatedThrough() >= lastEnd) {
                        engineScopes = ready.snapshot().scopes().size();
                        break;
                    }
                    Thread.sleep(50); // polling interval of the measurement, not part of what is measured
                }
                long done = System.nanoTime();
                double seconds = (done - first) / 1e9;
                System.out.printf(Locale.ROOT, "| results | scopes | scopes in status | days | threads | produce s | start to first result s | first result to last window closed s | results/s | late | store bytes |%n");
                System.out.printf(Locale.ROOT, "| %,d | %d | %d | %d | %s | %.1f | %.1f | %.2f | %,.0f | %d | %,d |%n", results, 1 + providers + features + tenants,
                        engineScopes, days, threads > 0 ? Integer.toString(threads) : "default", produceS, (first - started) / 1e9, seconds, results / seconds,
                        app.metrics().lateResults(), bytes(state));
            }
        }
    }

    private static void produce(KafkaClients kafka, String topic, int n, long dayStart, long span, int tenants, int features, int providers) {
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = kafka.bytesProducer("slo-bench")) {
            for (int i = 0; i < n; i++) {
                long completed = dayStart + (long) ((double) i / n * span);
                producer.send(record(topic, serde, result("r" + i, completed, random, tenants, features, providers), null));
            }
            for (int p = 0; p < 6; p++) {
                // One result per partition past the day's end + grace: the day's last window closes on event time.
                producer.send(record(topic, serde, result("end-" + p, dayStart + span + 71_000, random, tenants, features, providers), p));
            }
            producer.flush();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, KeelSerde<PromptResult> serde, PromptResult r, Integer partition) {
        return new ProducerRecord<>(topic, partition, r.getCompletedAt(), r.getRequestId().getBytes(java.nio.charset.StandardCharsets.UTF_8), serde.encode(r));
    }

    private static PromptResult result(String id, long completed, Random random, int tenants, int features, int providers) {
        boolean failed = random.nextInt(50) == 0;
        String provider = "p" + random.nextInt(providers);
        long latency = (long) Math.exp(6 + random.nextGaussian() * 0.6);
        return PromptResult.newBuilder().setRequestId(id).setTenantId("tenant-" + random.nextInt(tenants))
                .setFeature("feature-" + random.nextInt(features)).setLane(random.nextInt(10) == 0 ? Lane.BATCH : Lane.INTERACTIVE)
                .setStatus(failed ? ResultStatus.FAILED : ResultStatus.SUCCESS).setProvider(provider)
                .setCache(random.nextInt(5) == 0 ? CacheOutcome.HIT : CacheOutcome.MISS).setCostUsd(failed ? 0 : 0.002 + random.nextDouble() * 0.01)
                .setLatencyMs(latency).setQueueMs(random.nextInt(20)).setCreatedAt(completed - latency).setCompletedAt(completed)
                .setAttempts(List.<Attempt>of()).build();
    }

    private static long bytes(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
