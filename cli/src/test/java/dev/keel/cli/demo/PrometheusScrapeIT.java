package dev.keel.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.cli.deploy.Tools;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (the Debian package's binary, as .ci/run installs it) scrapes a running worker
 * and SLO app under the demo's load, evaluates deploy/'s rules, and answers every PromQL expression
 * of the dashboard and the rules with series. The SLO app first reads twelve minutes of replayed
 * history (the last eight with failures), so it has closed windows, an error budget, burn rates and
 * a firing alert to report by the time the live load runs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PrometheusScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerEveryDashboardAndRuleQueryWithSeriesWhenPrometheusScrapesARunningStack(KafkaBroker broker, @TempDir Path temp)
            throws Exception {
        Path root = Tools.repoRoot();
        Path prometheus = Tools.require("prometheus", "prometheus");
        Map<String, String> queries = DeployQueries.all(root);
        ExecutorService load = Executors.newSingleThreadExecutor();
        Process process = null;
        try (LoadedStack stack = new LoadedStack(broker, config -> {
            seedHistory(config);
            return config;
        })) {
            // Given: Prometheus scraping the worker and the SLO app every second, with deploy/'s rules
            int port = freePort();
            Path config = Files.writeString(temp.resolve("prometheus.yml"), """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    rule_files: ["%s/*.yml"]
                    scrape_configs:
                      - job_name: keel-worker
                        static_configs: [{targets: ["%s"]}]
                      - job_name: keel-slo
                        static_configs: [{targets: ["%s"]}]
                    """.formatted(root.resolve("deploy/prometheus/rules"), hostPort(stack.workerMetrics()), hostPort(stack.sloMetrics())));
            process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + temp.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(temp.resolve("prometheus.log").toFile()).start();
            URI api = URI.create("http://127.0.0.1:" + port);
            Process running = process;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(running.isAlive()).as("prometheus runs: " + log(temp)).isTrue();
                assertThat(get(api.resolve("/-/ready")).statusCode()).isEqualTo(200);
            });

            // When: the demo's load runs
            load.submit(() -> {
                stack.run(15, Duration.ofSeconds(150));
                return null;
            });

            // Then: every expression returns series at some point of the run
            Set<String> answered = ConcurrentHashMap.newKeySet();
            Map<String, String> lastAnswer = new ConcurrentHashMap<>();
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                    for (var query : queries.entrySet()) {
                        if (!answered.contains(query.getKey())) {
                            JsonNode reply = query(api, query.getValue());
                            lastAnswer.put(query.getKey(), reply.toString());
                            if ("success".equals(reply.path("status").asText()) && !reply.path("data").path("result").isEmpty()) {
                                answered.add(query.getKey());
                            }
                        }
                    }
                    return answered.size() == queries.size();
                });
            } finally {
                Map<String, String> missing = new TreeMap<>();
                queries.forEach((where, expr) -> {
                    if (!answered.contains(where)) {
                        missing.put(where, expr + "  ->  " + lastAnswer.get(where));
                    }
                });
                assertThat(missing).as("expressions that returned no series").isEmpty();
            }
            assertThat(answered).hasSize(queries.size());
        } finally {
            load.shutdownNow();
            if (process != null) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Twelve minutes of results before now, 30 a minute; from nine minutes ago on, half of them failed. */
    private static void seedHistory(KeelConfig config) {
        KeelTopics topics = KeelTopics.from(config.topics());
        long minute = 60_000;
        long base = System.currentTimeMillis() / minute * minute;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaClients(config.kafka()).bytesProducer("it-history")) {
            for (int m = 12; m >= 2; m--) {
                for (int i = 0; i < 30; i++) {
                    long completed = base - m * minute + i * 2_000L;
                    boolean failed = m <= 9 && i % 2 == 0;
                    PromptResult result = PromptResult.newBuilder().setRequestId("seed-" + m + "-" + i).setTenantId("acme")
                            .setFeature("summarize").setAttributes(Map.of()).setLane(Lane.INTERACTIVE)
                            .setStatus(failed ? ResultStatus.FAILED : ResultStatus.SUCCESS)
                            .setProvider(failed ? null : "primary").setModel(failed ? null : "gpt-4o-mini")
                            .setCache(CacheOutcome.MISS).setDegradations(List.of()).setAttempts(List.of())
                            .setError(failed ? new ErrorInfo("ALL_PROVIDERS_FAILED", "every provider failed") : null)
                            .setCostUsd(failed ? 0 : 0.0004).setLatencyMs(900).setQueueMs(10).setTtftMs(failed ? null : 300L)
                            .setCreatedAt(completed - 910).setCompletedAt(completed).setBypass(false).build();
                    producer.send(topics.results().serialized(result.getRequestId(), result));
                }
            }
            producer.flush();
        }
    }

    private JsonNode query(URI api, String expr) throws Exception {
        HttpResponse<String> response = get(api.resolve("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hostPort(URI metrics) {
        return metrics.getHost() + ":" + metrics.getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String log(Path temp) {
        try {
            return Files.readString(temp.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
