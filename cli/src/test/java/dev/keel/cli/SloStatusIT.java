package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.config.SloConfig;
import dev.keel.config.TopicsConfig;
import dev.keel.slo.SloApp;
import dev.keel.slo.StatusReading;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end on a real broker: {@code keel replay} of results spread over several minutes into two
 * SLO app instances, then {@code keel tail} of {@code slo.sli} and {@code keel status} against the
 * instance that may not hold the state (interactive queries forward it).
 */
@ExtendWith(KafkaBrokerExtension.class)
class SloStatusIT {

    private static final long MINUTE = 60_000;

    @Test
    void shouldShowSlisBudgetAndAlertsOfReplayedResults(KafkaBroker broker, @TempDir Path dir) throws IOException {
        // Given two SLO app instances on fresh topics
        TopicsConfig topics = broker.uniqueTopics();
        topics.partitionsByTopic().forEach(broker::createTopic);
        SloConfig slo = SloConfig.defaults().withApplicationId(KafkaBroker.uniqueName("keel-slo")).withStatusPort(0);
        KeelConfig config = KeelConfig.defaults().withKafka(broker.kafkaConfig()).withTopics(topics).withSlo(slo);
        long t0 = (System.currentTimeMillis() / MINUTE - 30) * MINUTE;
        Path results = dir.resolve("results.jsonl");
        Files.write(results, resultsFile(t0));

        try (SloApp a = SloApp.start(config, Map.of("state.dir", dir.resolve("a").toString()));
             SloApp b = SloApp.start(config, Map.of("state.dir", dir.resolve("b").toString()))) {
            // When 8 minutes of results (25 a minute, half failing from minute 2) are replayed
            CliRun replay = CliRun.of("replay", "--topic", topics.results(), "--type", "RESULT", "--in", results.toString(),
                    "--bootstrap-servers", broker.bootstrapServers());
            assertThat(replay.exitCode()).as(replay.err()).isZero();

            // Then both instances serve the status once minute 7 has closed (later minutes close with wall time),
            // with the spent error budget as an active alert
            for (SloApp app : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(app.status())
                        .isInstanceOfSatisfying(StatusReading.Ready.class, ready -> {
                            assertThat(ready.snapshot().evaluatedThrough()).isGreaterThanOrEqualTo(t0 + 8 * MINUTE);
                            assertThat(ready.snapshot().alerts()).extracting(alert -> alert.alertKey()).contains("budget_exhausted|global");
                        }));
            }

            // And keel status prints the budget and the alert, from either instance
            for (SloApp app : List.of(a, b)) {
                CliRun status = CliRun.of("status", "--url", app.statusUri().toString());
                assertThat(status.exitCode()).as(status.err()).isZero();
                assertThat(status.out()).contains("global", "30d", "error budget left", "ACTIVE ALERTS", "budget_exhausted|global");
            }

            // And slo.pages carries the success-rate page of minutes 2..6 (5 bad minutes: it fired at the close of minute 6)
            CliRun pages = CliRun.of("tail", "--topic", topics.pages(), "--from-beginning", "--idle-exit", "3s",
                    "--bootstrap-servers", broker.bootstrapServers());
            assertThat(pages.out().lines()).anySatisfy(line -> assertThat(line)
                    .contains("\"alert_key\":\"success_rate|global\"", "\"state\":\"FIRING\"", "\"evaluated_at\":" + (t0 + 7 * MINUTE)));

            // And slo.sli holds one snapshot per closed minute per scope with the file's counts
            CliRun tail = CliRun.of("tail", "--topic", topics.sli(), "--from-beginning", "--max", "32",
                    "--bootstrap-servers", broker.bootstrapServers());
            assertThat(tail.exitCode()).as(tail.err()).isZero();
            List<String> lines = tail.out().lines().toList();
            assertThat(lines).hasSize(32).allSatisfy(line -> assertThat(line).contains("\"count\":25"));
            assertThat(lines).filteredOn(line -> line.contains("\"scope\":\"global\"")).hasSize(8);
        }
    }

    private static List<String> resultsFile(long t0) {
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            for (int i = 0; i < 25; i++) {
                long completed = t0 + m * MINUTE + i * 2000L;
                String status = m >= 2 && i % 2 == 0 ? "FAILED" : "SUCCESS";
                lines.add("""
                        {"request_id":"it-%d-%d","tenant_id":"t1","feature":"f1","status":"%s","created_at":%d,"completed_at":%d,\
                        "provider":"primary","latency_ms":420,"cost_usd":0.002}""".formatted(m, i, status, completed - 500, completed));
            }
        }
        // one more result at 08:10 closes minute 7 on event time
        lines.add("""
                {"request_id":"it-tick","tenant_id":"t1","feature":"f1","status":"SUCCESS","created_at":%d,"completed_at":%d,\
                "provider":"primary","latency_ms":420,"cost_usd":0.002}""".formatted(t0 + 8 * MINUTE + 9_500, t0 + 8 * MINUTE + 10_000));
        return lines;
    }
}
