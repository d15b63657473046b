package dev.keel.bench.load;

import dev.keel.config.CacheConfig;
import dev.keel.config.DeliveryGuarantee;
import dev.keel.config.KafkaConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.Secret;
import dev.keel.config.TopicsConfig;
import dev.keel.config.WorkerConfig;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The Keel configuration every bench uses: a broker, an OpenAI-style primary and an Anthropic-style secondary simulator. */
public final class StackConfig {

    public static final String WORKER_GROUP = "bench-router";

    private StackConfig() {
    }

    /** {@code redisUri} null: the in-process cache. */
    public static KeelConfig of(String bootstrap, URI primaryOpenAi, URI secondaryAnthropic, int partitions, Integer maxInFlight,
                                DeliveryGuarantee delivery, String redisUri) {
        return of(KeelConfig.defaults(), bootstrap, primaryOpenAi, secondaryAnthropic, partitions, maxInFlight, delivery, redisUri);
    }

    /**
     * The same on top of {@code base} (e.g. a keel.yaml with routing settings): kafka, topics, providers and
     * worker are replaced; everything else is kept.
     */
    public static KeelConfig of(KeelConfig base, String bootstrap, URI primaryOpenAi, URI secondaryAnthropic, int partitions,
                                Integer maxInFlight, DeliveryGuarantee delivery, String redisUri) {
        TopicsConfig topics = new TopicsConfig(null, null, null, null, null, null, null, null, partitions, null, null);
        KeelConfig config = base
                .withKafka(new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, bootstrap)))
                .withTopics(topics)
                .withProviders(new ProvidersConfig(
                        new ProviderConfig(ProviderKind.OPENAI, primaryOpenAi, null, "gpt-sim", null,
                                Map.of("gpt-sim", ModelPrice.of(0.15, 0.60)), null, null, null, null),
                        new ProviderConfig(ProviderKind.ANTHROPIC, secondaryAnthropic, null, "claude-sim", null,
                                Map.of("claude-sim", ModelPrice.of(0.45, 1.80)), null, null, null, null)))
                // The product's default commit interval: under exactly-once it is how long a result waits to be visible.
                .withWorker(new WorkerConfig("bench", WORKER_GROUP, maxInFlight, null, null, Duration.ofSeconds(5), delivery));
        if (redisUri != null) {
            config = config.withCache(new CacheConfig(true, Secret.of(redisUri), null, null, null, null, null, null));
        }
        return config;
    }
}
