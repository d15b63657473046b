package dev.keel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.GatewayConfig;
import dev.keel.config.GatewayKey;
import dev.keel.config.GatewayModel;
import dev.keel.config.KeelConfig;
import dev.keel.config.SloConfig;
import dev.keel.config.TenantBudget;
import dev.keel.config.WorkerConfig;
import dev.keel.gateway.KeelGateway;
import dev.keel.kafka.KafkaClients;
import dev.keel.router.RouterWorker;
import dev.keel.slo.SloApp;
import dev.keel.slo.StatusReading;
import dev.keel.slo.StatusSnapshot;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import dev.keel.testsupport.SimPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call through the gateway and the same prompt through {@code keel send} get the same routing,
 * cache and budget behaviour (one pipeline, not two), and both are counted in the SLIs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class GatewayParityIT {

    private static final String ACME_KEY = "sk-parity-acme";
    private static final String GLOBEX_KEY = "sk-parity-globex";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldRouteCacheAndBudgetAlikeAndCountBothWhenTheSamePromptComesThroughGatewayAndSend(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        try (SimPair sims = SimPair.start()) {
            KeelConfig config = config(broker, sims);
            new KafkaClients(config.kafka()).ensureTopics(config.topics());
            Path yaml = dir.resolve("keel.yaml");
            Files.writeString(yaml, "topics:\n  requests: " + config.topics().requests() + "\n  results: " + config.topics().results() + "\n");
            String feature = "parity-" + UUID.randomUUID().toString().substring(0, 8);

            try (RouterWorker worker = RouterWorker.start(config, RouterWorker.Options.defaults());
                 SloApp slo = SloApp.start(config, Map.of("state.dir", dir.resolve("slo").toString()));
                 KeelGateway gateway = KeelGateway.start(config)) {
                // Routing: the primary answers both; pinned to the secondary (alias / --pin), the secondary answers both
                String p1 = "Parity prompt one " + UUID.randomUUID();
                HttpResponse<String> viaGateway = chat(gateway, ACME_KEY, "keel", feature, p1);
                JsonNode viaSend = send(broker, yaml, "acme", feature, p1);
                assertThat(viaGateway.headers().firstValue("X-Keel-Provider")).hasValue("primary");
                assertThat(viaSend.path("provider").asText()).isEqualTo("primary");

                // Cache: the gateway's answer is a hit for keel send, and keel send's answer is a hit for the gateway
                assertThat(viaGateway.headers().firstValue("X-Keel-Cache")).hasValue("MISS");
                assertThat(viaSend.path("cache").asText()).isEqualTo("HIT");
                assertThat(viaSend.path("output").asText()).isEqualTo(content(viaGateway));
                String p2 = "Parity prompt two " + UUID.randomUUID();
                JsonNode sentFirst = send(broker, yaml, "acme", feature, p2);
                HttpResponse<String> gatewaySecond = chat(gateway, ACME_KEY, "keel", feature, p2);
                assertThat(sentFirst.path("cache").asText()).isEqualTo("MISS");
                assertThat(gatewaySecond.headers().firstValue("X-Keel-Cache")).hasValue("HIT");

                String p3 = "Parity prompt three " + UUID.randomUUID();
                HttpResponse<String> pinnedGateway = chat(gateway, ACME_KEY, "keel-secondary", feature, p3);
                JsonNode pinnedSend = send(broker, yaml, "acme", feature, p3 + " (send)", "--pin", "secondary");
                assertThat(pinnedGateway.headers().firstValue("X-Keel-Provider")).hasValue("secondary");
                assertThat(pinnedSend.path("provider").asText()).isEqualTo("secondary");

                // Budget: globex is over its budget on both paths, with the same code
                HttpResponse<String> rejected = chat(gateway, GLOBEX_KEY, "keel", feature, "Globex asks " + UUID.randomUUID());
                JsonNode rejectedSend = send(broker, yaml, "globex", feature, "Globex asks " + UUID.randomUUID());
                assertThat(rejected.statusCode()).isEqualTo(429);
                assertThat(JSON.readTree(rejected.body()).path("error").path("code").asText()).isEqualTo("budget_tenant_budget");
                assertThat(rejectedSend.path("status").asText()).isEqualTo("REJECTED");
                assertThat(rejectedSend.path("error").path("code").asText()).isEqualTo("BUDGET_TENANT_BUDGET");

                // SLIs: all eight requests (four through each path) are counted under the feature's scope
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(slo.status())
                        .isInstanceOfSatisfying(StatusReading.Ready.class, ready -> {
                            // A scope appears once its first minute closes: until then, an assertion failure (retried), not an exception
                            Optional<StatusSnapshot.ScopeStatus> found = ready.snapshot().scope("feature:" + feature);
                            assertThat(found).as("scope feature:%s in the status", feature).isPresent();
                            StatusSnapshot.ScopeStatus scope = found.orElseThrow();
                            assertThat(scope.slis().get("5m").count()).isEqualTo(8);
                            assertThat(scope.slis().get("5m").rejected()).isEqualTo(2);
                            assertThat(scope.slis().get("5m").cacheHits()).isEqualTo(2);
                        }));
            }
        }
    }

    private static KeelConfig config(KafkaBroker broker, SimPair sims) {
        Map<String, GatewayModel> models = new LinkedHashMap<>();
        models.put("keel", GatewayModel.ROUTED);
        models.put("keel-secondary", new GatewayModel("secondary", true));
        return KeelConfig.defaults()
                .withKafka(broker.kafkaConfig())
                .withTopics(broker.uniqueTopics())
                .withProviders(sims.providers())
                .withWorker(new WorkerConfig("parity-it", KafkaBroker.uniqueName("router"), 64, null, Duration.ofMillis(200), Duration.ofSeconds(5)))
                .withBudget(new BudgetConfig(null, null, null, null, null,
                        Map.of("globex", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("0.000001"))), null, null))
                .withSlo(new SloConfig(KafkaBroker.uniqueName("keel-slo"), Duration.ofSeconds(5), Duration.ofSeconds(1), null, 0, null,
                        null, null, null, null, null, null, null))
                .withGateway(GatewayConfig.defaults().withPort(0).withClientId(KafkaBroker.uniqueName("gw"))
                        .withKeys(null, List.of(new GatewayKey("acme", KeelGateway.keyDigest(ACME_KEY), null),
                                new GatewayKey("globex", KeelGateway.keyDigest(GLOBEX_KEY), null)))
                        .withModels(models));
    }

    private static HttpResponse<String> chat(KeelGateway gateway, String key, String model, String feature, String prompt) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":24,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("X-Keel-Feature", feature).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode send(KafkaBroker broker, Path yaml, String tenant, String feature, String prompt, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("send", "--config", yaml.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--tenant", tenant, "--feature", feature, "--max-output-tokens", "24", "--timeout", "60s"));
        args.addAll(List.of(more));
        args.add(prompt);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.out()).as(run.err()).isNotBlank();
        return JSON.readTree(run.out());
    }

    private static String content(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText();
    }
}
