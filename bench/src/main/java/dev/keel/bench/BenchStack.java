package dev.keel.bench;

import dev.keel.config.KeelConfig;
import dev.keel.config.KafkaConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.embedded.EmbeddedKafkaBroker;
import dev.keel.kafka.KafkaClients;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;

import java.time.Duration;
import java.util.Map;

/** An embedded broker, two simulators and a config pointing at them, for one benchmark run. */
final class BenchStack implements AutoCloseable {

    final EmbeddedKafkaBroker broker;
    final ProviderSim primary;
    final ProviderSim secondary;
    final KeelConfig config;

    BenchStack(Latency latency, int maxInFlight, int partitions) {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.temporary());
        primary = ProviderSim.start(SimSettings.defaults("primary").withLatency(latency));
        secondary = ProviderSim.start(SimSettings.defaults("secondary").withLatency(latency));
        TopicsConfig topics = new TopicsConfig(null, null, null, null, null, null, null, null, partitions, null, null);
        config = KeelConfig.defaults()
                .withKafka(new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers())))
                .withTopics(topics)
                .withProviders(new ProvidersConfig(
                        new ProviderConfig(ProviderKind.OPENAI, primary.openAiBaseUrl(), null, "gpt-sim", null,
                                Map.of("gpt-sim", ModelPrice.of(0.15, 0.60)), null, null, null, null),
                        new ProviderConfig(ProviderKind.ANTHROPIC, secondary.anthropicBaseUrl(), null, "claude-sim", null,
                                Map.of("claude-sim", ModelPrice.of(0.45, 1.80)), null, null, null, null)))
                // The product's default commit interval: under exactly-once it is how long a result waits to be visible.
                .withWorker(new WorkerConfig(null, "bench-router", maxInFlight, null, null, Duration.ofSeconds(5)));
        new KafkaClients(config.kafka()).ensureTopics(config.topics());
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
        broker.close();
    }
}
