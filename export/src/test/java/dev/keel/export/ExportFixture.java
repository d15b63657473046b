package dev.keel.export;

import dev.keel.config.ExportConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.Secret;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testsupport.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A results topic on the shared broker, a producer of results and the export config pointing at a receiver. */
final class ExportFixture implements AutoCloseable {

    static final String PUBLIC_KEY = "pk-lf-test";
    static final String SECRET_KEY = "sk-lf-VERY-SECRET-4711";
    static final long T0 = 1_760_000_000_000L;

    final KeelConfig config;
    final KeelTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    ExportFixture(KafkaBroker broker, URI endpoint, List<String> contentFeatures) {
        KeelConfig base = KeelConfig.defaults().withKafka(broker.kafkaConfig()).withTopics(broker.uniqueTopics());
        this.config = base.withExport(new ExportConfig(true, endpoint, PUBLIC_KEY, Secret.of(SECRET_KEY), null, Map.of(),
                KafkaBroker.uniqueName("export"), 50, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofMillis(400), "keel-test", contentFeatures));
        this.topics = KeelTopics.from(config.topics());
        KafkaClients kafka = new KafkaClients(config.kafka());
        kafka.ensureTopics(config.topics());
        this.producer = kafka.bytesProducer("export-test");
    }

    void publish(PromptResult result) {
        producer.send(topics.results().serialized(result.getRequestId(), result));
        producer.flush();
    }

    /** A failover: primary timed out before its first token, the secondary answered. */
    static PromptResult failover(String id, String feature, String output) {
        return base(id, feature).setProvider("secondary").setModel("claude-sim").setOutput(output)
                .setAttempts(List.of(new Attempt("primary", "gpt-sim", AttemptOutcome.TTFT_TIMEOUT, null, 2000L, null, "no first token", 0.0),
                        new Attempt("secondary", "claude-sim", AttemptOutcome.OK, 200, 800L, 300L, null, 0.0)))
                .setInputTokens(120).setOutputTokens(40).setCacheReadTokens(64).setCostUsd(0.0021)
                .setLatencyMs(2800).setTtftMs(300L).setQueueMs(20).setCompletedAt(T0 + 20 + 2800).build();
    }

    static PromptResult cacheHit(String id, String feature) {
        return base(id, feature).setProvider("primary").setModel("gpt-sim").setOutput("cached answer").setCache(CacheOutcome.HIT)
                .setAttempts(List.of()).setLatencyMs(3).setQueueMs(5).setCompletedAt(T0 + 8).build();
    }

    static PromptResult rejected(String id, String feature) {
        return base(id, feature).setStatus(ResultStatus.REJECTED).setAttempts(List.of())
                .setError(new ErrorInfo("BUDGET_EXCEEDED", "worst-case cost over max-cost-per-request-usd"))
                .setLatencyMs(1).setQueueMs(2).setCompletedAt(T0 + 3).build();
    }

    private static PromptResult.Builder base(String id, String feature) {
        return PromptResult.newBuilder().setRequestId(id).setTenantId("acme").setFeature(feature).setAttributes(Map.of())
                .setLane(Lane.INTERACTIVE).setStatus(ResultStatus.SUCCESS).setCache(CacheOutcome.MISS).setDegradations(List.of())
                .setCreatedAt(T0).setBypass(false).setWorkerId("w1");
    }

    @Override
    public void close() {
        producer.close();
    }
}
