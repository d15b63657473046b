package dev.keel.client;

import dev.keel.config.KeelConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import dev.keel.testsupport.KafkaBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Two provider simulators and one router worker on random topics of the shared broker. */
final class ClientStack implements AutoCloseable {

    final ProviderSim primary = ProviderSim.start(SimSettings.defaults("primary").withLatency(new Latency(20, 60, 1, 3)).withSeed(1));
    final ProviderSim secondary = ProviderSim.start(SimSettings.defaults("secondary").withLatency(new Latency(20, 60, 1, 3)).withSeed(2));
    final KeelConfig config;
    final RouterWorker worker;

    ClientStack(KafkaBroker broker) {
        this.config = KeelConfig.defaults()
                .withKafka(broker.kafkaConfig())
                .withTopics(broker.uniqueTopics())
                .withProviders(new ProvidersConfig(
                        new ProviderConfig(ProviderKind.OPENAI, primary.openAiBaseUrl(), null, "gpt-sim", null,
                                Map.of("gpt-sim", ModelPrice.of(0.15, 0.60)), null, null, null, null),
                        new ProviderConfig(ProviderKind.ANTHROPIC, secondary.anthropicBaseUrl(), null, "claude-sim", null,
                                Map.of("claude-sim", ModelPrice.of(1.00, 5.00)), null, null, null, null)))
                .withWorker(new WorkerConfig("client-it", KafkaBroker.uniqueName("router"), 64, null, Duration.ofMillis(200), Duration.ofSeconds(5)));
        new KafkaClients(config.kafka()).ensureTopics(config.topics());
        this.worker = RouterWorker.start(config, RouterWorker.Options.defaults());
    }

    static PromptRequest request(String id, String text) {
        return PromptRequest.newBuilder().setRequestId(id).setTenantId("acme").setFeature("client-it")
                .setMaxOutputTokens(16).setMessages(List.of(new ChatMessage(MessageRole.user, text))).build();
    }

    @Override
    public void close() throws Exception {
        worker.close();
        primary.close();
        secondary.close();
    }
}
