package dev.keel.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keel.cli.KeelCommand;
import dev.keel.config.ConfigLoader;
import dev.keel.config.KeelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything docker-compose.yml names exists and fits together: files and build contexts in the
 * repository, Keel commands, the ports each role listens on (from deploy/keel/keel.yaml) in
 * healthchecks and Prometheus targets, healthchecks, restart policies and healthy-ordered starts
 * on every service, the Kafka image of the clients' version.
 */
class ComposeReferencesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Path root;
    private static JsonNode services;
    private static KeelConfig keel;

    @BeforeAll
    static void resolveCompose() throws Exception {
        root = Tools.repoRoot();
        Path compose = Tools.require("docker-compose", "docker-compose");
        Tools.Run run = Tools.run(root, List.of(compose.toString(), "--env-file", ".env.example", "-f", "docker-compose.yml",
                "--profile", "alerts", "--profile", "export", "config"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        services = YAML.readTree(run.output()).get("services");
        keel = new ConfigLoader(Map.of()).load(root.resolve("deploy/keel/keel.yaml"));
    }

    private static List<String> keelServices() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (services.get(name).has("build")) {
                names.add(name);
            }
        });
        return names;
    }

    @Test
    void shouldFindEveryFileAndBuildContextComposeNamesInTheRepository() {
        services.fields().forEachRemaining(entry -> {
            JsonNode service = entry.getValue();
            if (service.has("build")) {
                Path context = Path.of(service.get("build").get("context").asText());
                assertThat(context).as(entry.getKey() + " build context").isDirectory();
                assertThat(context.resolve(service.get("build").get("dockerfile").asText())).as(entry.getKey() + " dockerfile").isRegularFile();
            }
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("/")) {
                    assertThat(Path.of(source)).as(entry.getKey() + " mounts " + source).exists();
                    assertThat(Path.of(source)).as(entry.getKey() + " mounts from the repository").startsWith(root);
                }
            }
        });
        assertThat(root.resolve("deploy/grafana/dashboards/keel.json")).isRegularFile();
        assertThat(root.resolve(".env.example")).isRegularFile();
    }

    @Test
    void shouldRunOnlyKeelCommandsThatExistWhenAServiceUsesTheKeelImage() throws Exception {
        Set<String> registered = new picocli.CommandLine(new KeelCommand()).getSubcommands().keySet();
        String design = designCommands();
        for (String name : keelServices()) {
            String command = services.get(name).get("command").get(0).asText();
            if (services.get(name).has("profiles") && !registered.contains(command)) {
                // An optional role whose command lands with another issue must at least be one the README plans.
                assertThat(design).as(name + ": keel " + command + " is neither registered nor planned in README.md").contains("`keel " + command);
            } else {
                assertThat(registered).as(name + " runs keel " + command).contains(command);
            }
        }
    }

    @Test
    void shouldProbeAndScrapeThePortsEachRoleListensOn() throws Exception {
        int workerPort = keel.metrics().workerPort();
        int sloPort = keel.slo().statusPort();
        Map<String, Integer> metricsPort = new HashMap<>();
        for (String name : keelServices()) {
            List<String> command = new ArrayList<>();
            services.get(name).get("command").forEach(c -> command.add(c.asText()));
            switch (command.getFirst()) {
                case "worker" -> metricsPort.put(name, workerPort);
                case "slo" -> metricsPort.put(name, sloPort);
                case "export" -> metricsPort.put(name, Integer.parseInt(command.get(command.indexOf("--metrics-port") + 1)));
                default -> { }
            }
        }
        metricsPort.forEach((name, port) -> assertThat(String.join(" ", texts(services.get(name).get("healthcheck").get("test"))))
                .as(name + " healthcheck").contains(":" + port + "/health"));
        assertThat(services.get("slo").get("hostname").asText()).isEqualTo(keel.slo().statusHost());

        String prometheus = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"));
        Matcher target = Pattern.compile("\"([a-z0-9-]+):(\\d+)\"").matcher(prometheus);
        List<String> scraped = new ArrayList<>();
        while (target.find()) {
            String service = target.group(1);
            if (service.equals("127.0.0.1")) {
                continue;
            }
            scraped.add(service);
            assertThat(services.has(service)).as("prometheus scrapes " + service + ", a compose service").isTrue();
            assertThat(Integer.parseInt(target.group(2))).as(service + " metrics port").isEqualTo(metricsPort.get(service));
        }
        assertThat(scraped).containsAll(metricsPort.keySet());
    }

    @Test
    void shouldGiveEveryServiceAHealthcheckARestartPolicyAndHealthyDependencies() {
        services.fields().forEachRemaining(entry -> {
            JsonNode service = entry.getValue();
            assertThat(service.has("healthcheck")).as(entry.getKey() + " has a healthcheck").isTrue();
            assertThat(service.path("restart").asText()).as(entry.getKey() + " restart").isEqualTo("unless-stopped");
            assertThat(service.path("deploy").path("resources").path("limits").has("memory")).as(entry.getKey() + " memory limit").isTrue();
            service.path("depends_on").fields().forEachRemaining(dep -> {
                assertThat(services.has(dep.getKey())).as(entry.getKey() + " depends on " + dep.getKey()).isTrue();
                assertThat(dep.getValue().path("condition").asText()).as(entry.getKey() + " -> " + dep.getKey()).isEqualTo("service_healthy");
            });
        });
    }

    @Test
    void shouldRunKafkaOfTheClientsVersionWithItsDataOnAVolume() throws Exception {
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertThat(version.find()).isTrue();
        JsonNode kafka = services.get("kafka");
        assertThat(kafka.get("image").asText()).isEqualTo("apache/kafka:" + version.group(1));
        JsonNode env = kafka.get("environment");
        assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("INTERNAL://kafka:19092");
        assertThat(keel.kafka().properties().get("bootstrap.servers")).isEqualTo("kafka:19092");
        assertThat(kafka.get("volumes").get(0).asText()).isEqualTo("kafka-data:" + env.get("KAFKA_LOG_DIRS").asText() + ":rw");
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static String designCommands() throws Exception {
        return Files.readString(root.resolve("README.md"));
    }
}
