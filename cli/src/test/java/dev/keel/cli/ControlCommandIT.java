package dev.keel.cli;

import dev.keel.config.TopicsConfig;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class ControlCommandIT {

    @Test
    void shouldPublishEachSwitchWhereverTheKafkaOptionIsWritten(KafkaBroker broker, @TempDir Path dir) throws IOException {
        // Given: a config naming this test's control topic
        TopicsConfig topics = broker.uniqueTopics();
        broker.createTopic(topics.control(), 1);
        Path config = dir.resolve("keel.yaml");
        Files.writeString(config, "topics:\n  control: " + topics.control() + "\n");
        String bs = broker.bootstrapServers();

        // When
        CliRun before = CliRun.of("control", "--bootstrap-servers", bs, "--config", config.toString(), "bypass", "on");
        CliRun after = CliRun.of("control", "bypass", "off", "--bootstrap-servers", bs, "--config", config.toString());
        CliRun revoke = CliRun.of("control", "-c", config.toString(), "--bootstrap-servers", bs, "api-key", "primary", "--revoke");
        CliRun rotate = CliRun.of("control", "api-key", "secondary", "--from-env", "NEW_ANTHROPIC_KEY", "-c", config.toString(),
                "--bootstrap-servers", bs);
        CliRun tail = CliRun.of("tail", "--topic", topics.control(), "--from-beginning", "--max", "4", "--bootstrap-servers", bs);

        // Then
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).startsWith("bypass = on");
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(tail.out().lines().toList()).hasSize(4)
                .anySatisfy(l -> assertThat(l).contains("\"setting\":\"bypass\"", "\"value\":\"true\""))
                .anySatisfy(l -> assertThat(l).contains("\"setting\":\"bypass\"", "\"value\":\"false\""))
                .anySatisfy(l -> assertThat(l).contains("\"setting\":\"provider.primary.api_key\"", "\"value\":\"revoked\""))
                .anySatisfy(l -> assertThat(l).contains("\"setting\":\"provider.secondary.api_key\"", "\"value\":\"env:NEW_ANTHROPIC_KEY\""));
    }

    @Test
    void shouldRefuseAnUnknownProviderName() {
        CliRun run = CliRun.of("control", "provider", "disable", "tertiary", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("keel control provider: NAME: expected primary or secondary, got 'tertiary'");
    }
}
