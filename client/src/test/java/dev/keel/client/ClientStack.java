package dev.keel.client;

import dev.keel.config.KeelConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.SimPair;

import java.time.Duration;
import java.util.List;

/** Two provider simulators and one router worker on random topics of the shared broker. */
final class ClientStack implements AutoCloseable {

    final SimPair sims = SimPair.start();
    final KeelConfig config;
    final RouterWorker worker;

    ClientStack(KafkaBroker broker) {
        this.config = KeelConfig.defaults()
                .withKafka(broker.kafkaConfig())
                .withTopics(broker.uniqueTopics())
                .withProviders(sims.providers())
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
        sims.close();
    }
}
