package dev.keel.gateway;

import dev.keel.config.GatewayConfig;
import dev.keel.config.GatewayKey;
import dev.keel.config.GatewayModel;
import dev.keel.config.KeelConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.gateway.internal.ApiKeys;
import dev.keel.kafka.KafkaClients;
import dev.keel.router.RouterWorker;
import dev.keel.sim.ProviderSim;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.SimPair;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A gateway's world for integration tests: two provider simulators, one router worker, and a
 * gateway on a free port, all on random topics of the shared broker. Keys: {@link #ACME_KEY} for
 * tenant acme, {@link #GLOBEX_KEY} for tenant globex.
 */
final class GatewayStack implements AutoCloseable {

    static final String ACME_KEY = "sk-test-acme-0123456789";
    static final String GLOBEX_KEY = "sk-test-globex-9876543210";
    private final SimPair sims = SimPair.start();
    final ProviderSim primary = sims.primary;
    final ProviderSim secondary = sims.secondary;
    KeelConfig config;
    final RouterWorker worker;
    KeelGateway gateway;

    GatewayStack(KafkaBroker broker) {
        this(broker, c -> c);
    }

    GatewayStack(KafkaBroker broker, UnaryOperator<KeelConfig> tweak) {
        Map<String, GatewayModel> models = new LinkedHashMap<>();
        models.put("keel", GatewayModel.ROUTED);
        models.put("keel-secondary", new GatewayModel("secondary", true));
        models.put("keel-primary-only", new GatewayModel("primary", false));
        KeelConfig base = KeelConfig.defaults()
                .withKafka(broker.kafkaConfig())
                .withTopics(broker.uniqueTopics())
                .withProviders(sims.providers())
                .withWorker(new WorkerConfig("gateway-it", KafkaBroker.uniqueName("router"), 64, null, Duration.ofMillis(200), Duration.ofSeconds(5)))
                .withGateway(GatewayConfig.defaults().withPort(0).withClientId(KafkaBroker.uniqueName("gw"))
                        .withKeys(null, List.of(new GatewayKey("acme", ApiKeys.sha256Hex(ACME_KEY), "acme-test"),
                                new GatewayKey("globex", ApiKeys.sha256Hex(GLOBEX_KEY), null)))
                        .withModels(models));
        this.config = tweak.apply(base);
        new KafkaClients(config.kafka()).ensureTopics(config.topics());
        this.worker = RouterWorker.start(config, RouterWorker.Options.defaults());
        this.gateway = KeelGateway.start(config);
    }

    URI uri() {
        return gateway.uri();
    }

    String openAiBaseUrl() {
        return gateway.uri() + "/v1";
    }

    /** Restarts the gateway with a changed config. */
    void reconfigureGateway(UnaryOperator<KeelConfig> change) {
        gateway.close(Duration.ofSeconds(1));
        config = change.apply(config);
        gateway = KeelGateway.start(config);
    }

    /** Stops the gateway and starts another on the same reply topic (a restart). */
    void restartGateway(Duration grace) {
        gateway.close(grace);
        gateway = KeelGateway.start(config);
    }

    @Override
    public void close() {
        gateway.close(Duration.ofSeconds(1));
        try {
            worker.close();
        } catch (Exception e) {
            throw new IllegalStateException("worker did not close", e);
        }
        sims.close();
    }
}
