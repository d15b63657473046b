package dev.keel.cli;

import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class ReplayAndTailIT {

    private static String result(String id, long completedAt, String status) {
        return """
                {"request_id":"%s","tenant_id":"t1","feature":"f1","status":"%s","created_at":%d,"completed_at":%d,\
                "provider":"primary","latency_ms":420,"cost_usd":0.002}""".formatted(id, status, completedAt - 500, completedAt);
    }

    @Test
    void shouldPublishEveryLineKeyedAndTimestampedFromTheRecordThenTailThemBack(KafkaBroker broker, @TempDir Path dir) throws IOException {
        // Given
        String topic = KafkaBroker.uniqueName("results");
        broker.createTopic(topic, 3);
        Path file = dir.resolve("results.jsonl");
        Files.write(file, List.of(result("r1", 1_700_000_000_000L, "SUCCESS"), "", result("r2", 1_700_000_060_000L, "FAILED"),
                result("r3", 1_700_000_120_000L, "SUCCESS")));

        // When
        CliRun replay = CliRun.of("replay", "--topic", topic, "--type", "RESULT", "--in", file.toString(),
                "--bootstrap-servers", broker.bootstrapServers());
        CliRun tail = CliRun.of("tail", "--topic", topic, "--from-beginning", "--max", "3",
                "--bootstrap-servers", broker.bootstrapServers());

        // Then
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("published 3 records");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out().lines().toList()).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"request_id\":\"r"))
                .anySatisfy(line -> assertThat(line).contains("\"request_id\":\"r2\"", "\"status\":\"FAILED\""));
    }

    @Test
    void shouldPublishNothingWhenALineIsMalformedAndNameTheLine(KafkaBroker broker, @TempDir Path dir) throws IOException {
        // Given: line 3 has a status that does not exist
        String topic = KafkaBroker.uniqueName("results");
        broker.createTopic(topic, 1);
        Path file = dir.resolve("results.jsonl");
        Files.write(file, List.of(result("r1", 1_700_000_000_000L, "SUCCESS"), result("r2", 1_700_000_000_000L, "SUCCESS"),
                result("r3", 1_700_000_000_000L, "MAYBE")));

        // When
        CliRun replay = CliRun.of("replay", "--topic", topic, "--type", "RESULT", "--in", file.toString(),
                "--bootstrap-servers", broker.bootstrapServers());
        CliRun tail = CliRun.of("tail", "--topic", topic, "--from-beginning", "--idle-exit", "2s",
                "--bootstrap-servers", broker.bootstrapServers());

        // Then
        assertThat(replay.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(replay.err().strip()).isEqualTo("keel replay: " + file
                + ":3: status: expected one of SUCCESS, FAILED, REJECTED, got 'MAYBE' (nothing was published)");
        assertThat(tail.out()).isEmpty();
    }

    @Test
    void shouldSayWhenTheFileIsOlderThanWhatTheTopicHolds(KafkaBroker broker, @TempDir Path dir) throws IOException {
        // Given: a topic with a result of today
        String topic = KafkaBroker.uniqueName("results");
        broker.createTopic(topic, 2);
        Path recent = dir.resolve("recent.jsonl");
        Files.write(recent, List.of(result("now", System.currentTimeMillis(), "SUCCESS")));
        Path old = dir.resolve("old.jsonl");
        Files.write(old, List.of(result("old", 1_700_000_000_000L, "SUCCESS")));
        CliRun first = CliRun.of("replay", "--topic", topic, "--type", "RESULT", "--in", recent.toString(), "--bootstrap-servers", broker.bootstrapServers());

        // When: results from 2023 follow
        CliRun second = CliRun.of("replay", "--topic", topic, "--type", "RESULT", "--in", old.toString(), "--bootstrap-servers", broker.bootstrapServers());

        // Then: published, with a note that an SLO app may count them late
        assertThat(first.err()).doesNotContain("note:");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("published 1 records");
        assertThat(second.err()).contains("keel replay: note: the file starts at 2023-11-14T22:13:20Z", "counts older results as late");
    }

    @Test
    void shouldRefuseATopicThatDoesNotExist(KafkaBroker broker, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.write(file, List.of(result("r1", 1_700_000_000_000L, "SUCCESS")));

        CliRun replay = CliRun.of("replay", "--topic", "no-such-topic", "--type", "RESULT", "--in", file.toString(),
                "--bootstrap-servers", broker.bootstrapServers());

        assertThat(replay.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(replay.err().strip()).isEqualTo("keel replay: topic no-such-topic does not exist on " + broker.bootstrapServers());
    }
}
