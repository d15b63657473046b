package dev.keel.cli;

import dev.keel.cli.drill.DrillReport;
import dev.keel.cli.it.LiveStack;
import dev.keel.kafka.TopicFollower;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import dev.keel.testsupport.KeelAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Friday drill, automated: under steady load the primary's key is revoked through keel.control and
 * restored later. Nothing fails, traffic is back on the primary within the cooldown after the restore,
 * and {@code keel drill report} agrees with what this test counted on the topics itself.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ChaosDrillIT {

    private static final Duration COOLDOWN = Duration.ofSeconds(2);
    private static final long SLACK_MS = 3_000;

    @Test
    void shouldFailOverWithoutALostRequestAndReportWhatTheTopicsSaw(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (LiveStack stack = LiveStack.start(broker, dir, COOLDOWN)) {
            List<ControlCommand> commands = new CopyOnWriteArrayList<>();
            KeelSerde<ControlCommand> controlSerde = KeelSerde.of(ControlCommand.class);
            try (TopicFollower control = TopicFollower.fromBeginning(stack.kafka.bytesConsumer(null, "it-control"),
                    stack.topics.control().name(), r -> {
                        if (controlSerde.decode(r.value()) instanceof Decoded.Ok<ControlCommand> ok) {
                            commands.add(ok.value());
                        }
                    });
                 LiveStack.Load load = stack.load("chaos", 20)) {
                // Given: steady traffic served by the primary, and a drill started
                await().atMost(Duration.ofSeconds(30)).until(() -> onProvider(stack, "primary") >= 20);
                run(stack, "drill", "start", "--name", "chaos-" + System.nanoTime() % 100_000, "--status-url", "http://127.0.0.1:1");

                // When: the operator revokes the primary's key, waits for failover, restores it
                long before = onProvider(stack, "secondary");
                run(stack, "control", "api-key", "primary", "--revoke");
                await().atMost(Duration.ofSeconds(30)).until(() -> onProvider(stack, "secondary") >= before + 30);
                run(stack, "drill", "mark", "failover seen in keel status");
                run(stack, "control", "api-key", "primary", "--reset");
                long primaryBefore = onProvider(stack, "primary");
                await().atMost(Duration.ofSeconds(30)).until(() -> onProvider(stack, "primary") >= primaryBefore + 20);
                run(stack, "drill", "end");
                load.close();
                List<String> ids = load.ids();
                await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(stack.results::containsKey));
            }
            run(stack, "drill", "report", "--dir", dir.resolve("log").toString());

            // Then: nothing failed, and the primary came back within the cooldown after the restore
            List<PromptResult> all = stack.results.values().stream().sorted(Comparator.comparingLong(PromptResult::getCompletedAt)).toList();
            assertThat(all).allSatisfy(r -> KeelAssertions.assertThat(r).isSuccessful());
            long revokedAt = commands.stream().filter(c -> "revoked".equals(c.getValue())).findFirst().orElseThrow().getIssuedAt();
            long resetAt = commands.stream().filter(c -> c.getSetting().equals("provider.primary.api_key") && c.getValue() == null)
                    .findFirst().orElseThrow().getIssuedAt();
            long firstOnSecondary = firstSuccess(all, "secondary", revokedAt);
            long backOnPrimary = firstSuccess(all, "primary", resetAt);
            assertThat(backOnPrimary - resetAt).as("primary back after the restore, ms").isLessThanOrEqualTo(COOLDOWN.toMillis() + SLACK_MS);

            // And: the report says the same
            Path json;
            try (var files = Files.list(dir.resolve("log"))) {
                json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            }
            DrillReport report = DrillReport.JSON.readValue(json.toFile(), DrillReport.class);
            List<PromptResult> during = all.stream()
                    .filter(r -> r.getCompletedAt() >= report.startedAt() && r.getCompletedAt() <= report.endedAt()).toList();
            assertThat(report.revokedAt()).isEqualTo(revokedAt);
            assertThat(report.restoredAt()).isEqualTo(resetAt);
            assertThat(report.failoverMs()).isEqualTo(firstOnSecondary - revokedAt);
            assertThat(report.primaryBackMs()).isEqualTo(backOnPrimary - resetAt);
            assertThat(report.requests().total()).isEqualTo(during.size());
            assertThat(report.requests().failed()).isZero();
            assertThat(report.requests().onFailoverProvider())
                    .isEqualTo(during.stream().filter(r -> "secondary".equals(r.getProvider())).count());
            assertThat(report.successRate()).isEqualTo(1.0);
            assertThat(report.budget().failures()).isZero();
            assertThat(report.timeline()).extracting(DrillReport.TimelineEntry::source).contains("drill", "scribe", "control", "results");
            assertThat(report.findings()).isEmpty();
            assertThat(Files.readString(json.resolveSibling(report.drillId() + ".md")))
                    .contains("| requests failed | 0 |", String.format(java.util.Locale.ROOT, "%,d ms", report.failoverMs()),
                            "failover seen in keel status");
        }
    }

    private static long onProvider(LiveStack stack, String provider) {
        return stack.results.values().stream().filter(r -> provider.equals(r.getProvider())).count();
    }

    private static long firstSuccess(List<PromptResult> sorted, String provider, long after) {
        return sorted.stream().filter(r -> r.getCompletedAt() >= after && provider.equals(r.getProvider())
                && r.getStatus() == ResultStatus.SUCCESS).findFirst().orElseThrow().getCompletedAt();
    }

    private static void run(LiveStack stack, String... args) {
        CliRun run = CliRun.of(stack.cli(args));
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err() + run.out()).isZero();
    }
}
