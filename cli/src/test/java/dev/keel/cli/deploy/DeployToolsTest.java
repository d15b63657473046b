package dev.keel.cli.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The deploy files pass the real tools: docker-compose config and promtool (Debian packages; .ci/run installs them). */
class DeployToolsTest {

    private final Path root = Tools.repoRoot();

    @Test
    void shouldValidateTheComposeFileWhenDockerComposeReadsIt() throws Exception {
        Path compose = Tools.require("docker-compose", "docker-compose");

        Tools.Run run = Tools.run(root, List.of(compose.toString(), "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"));

        assertThat(run.exitCode()).as("docker-compose config said:\n" + run.output()).isZero();
    }

    @Test
    void shouldValidateThePrometheusConfigAndItsRulesWhenPromtoolChecksThem(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        // The config names the rules where the container mounts them; point it at the repository's copy.
        String config = Files.readString(root.resolve("deploy/prometheus/prometheus.yml"))
                .replace("/etc/prometheus/rules/", root.resolve("deploy/prometheus/rules").toString() + "/");
        Path copy = Files.writeString(temp.resolve("prometheus.yml"), config);

        Tools.Run checkConfig = Tools.run(root, List.of(promtool.toString(), "check", "config", copy.toString()));
        List<String> rules = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        try (Stream<Path> files = Files.list(root.resolve("deploy/prometheus/rules"))) {
            files.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(f -> rules.add(f.toString()));
        }
        Tools.Run checkRules = Tools.run(root, rules);

        assertThat(checkConfig.exitCode()).as("promtool check config said:\n" + checkConfig.output()).isZero();
        assertThat(checkConfig.output()).contains("rule files found").doesNotContain(" 0 rule files found");
        assertThat(rules).hasSizeGreaterThan(3);
        assertThat(checkRules.exitCode()).as("promtool check rules said:\n" + checkRules.output()).isZero();
    }
}
