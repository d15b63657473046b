package dev.keel.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.cli.it.LiveStack;
import dev.keel.config.WorkerConfig;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.sim.Latency;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The job budget holds, and a batch job never starves the interactive lane. */
@ExtendWith(KafkaBrokerExtension.class)
class BatchBudgetAndLanesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldStopSendingBeforeSpentPlusInFlightWouldPassTheBudget(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (LiveStack stack = LiveStack.start(broker, dir, Duration.ofSeconds(2))) {
            // Given: 400 lines at about $0.000012 each, a budget for about 160 of them
            Path in = lines(dir, 400);
            Path out = dir.resolve("out.jsonl");

            // When
            Cli run = Cli.run(stack.cli("batch", "--in", in.toString(), "--out", out.toString(), "--job", KafkaBroker.uniqueName("budget"),
                    "--max-cost-usd", "0.002", "--max-cost-per-request-usd", "0.0001", "--progress", "none"));

            // Then: it stops, says why, spends no more than the budget and still writes one line per input line
            assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
            assertThat(run.err()).contains("budget: stopped sending at line", "would pass --max-cost-usd $0.002000");
            assertThat(run.out()).contains("stopped by its budget");
            List<JsonNode> results = new ArrayList<>();
            for (String line : Files.readAllLines(out)) {
                results.add(JSON.readTree(line));
            }
            assertThat(results).hasSize(400);
            double spent = results.stream().mapToDouble(r -> r.get("cost_usd").asDouble()).sum();
            assertThat(spent).isLessThanOrEqualTo(0.002).isGreaterThan(0.001);
            long succeeded = results.stream().filter(r -> r.get("status").asText().equals("SUCCESS")).count();
            long skipped = results.stream().filter(r -> r.at("/error/code").asText().equals("JOB_BUDGET")).count();
            assertThat(succeeded + skipped).isEqualTo(400);
            assertThat(skipped).isPositive();
            // the skipped ones are the tail: nothing is sent after the budget stopped the job
            int firstSkipped = (int) (400 - skipped);
            assertThat(results.subList(firstSkipped, 400)).allSatisfy(r -> assertThat(r.at("/error/code").asText()).isEqualTo("JOB_BUDGET"));
        }
    }

    @Test
    void shouldKeepInteractiveRequestsFirstWhileABatchFloodsItsLane(KafkaBroker broker, @TempDir Path dir) throws Exception {
        // Given: a worker with 16 permits (at most 4 for the batch lane) and providers that take ~150 ms a call
        try (LiveStack stack = LiveStack.start(broker, dir, Duration.ofSeconds(2),
                c -> c.withWorker(new WorkerConfig(null, c.worker().groupId(), 16, 0.25, Duration.ofMillis(200), Duration.ofSeconds(5))), "")) {
            Latency slow = new Latency(120, 200, 2, 4);
            stack.primary.setLatency(slow);
            stack.secondary.setLatency(slow);
            Path in = lines(dir, 150);

            // When: a batch job with 150 lines in flight at once runs under steady interactive traffic
            List<PromptResult> interactive;
            Cli run;
            long batchStart;
            try (LiveStack.Load load = stack.load("interactive", 15)) {
                // warm up: the interactive lane alone first, so JIT and connection set-up are not counted against the lanes
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> stack.results.size() >= 60);
                batchStart = System.currentTimeMillis();
                // A thread of its own: the common pool has one thread on two cores, and blocking it stalls HTTP clients.
                CompletableFuture<Cli> batch = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> batch.complete(Cli.run(stack.cli("batch", "--in", in.toString(),
                        "--out", dir.resolve("out.jsonl").toString(), "--job", KafkaBroker.uniqueName("lanes"), "--max-in-flight", "150",
                        "--max-cost-per-request-usd", "0.001", "--progress", "none"))));
                run = batch.get(180, TimeUnit.SECONDS);
                load.close();
                List<String> ids = load.ids();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(stack.results::containsKey));
                interactive = ids.stream().map(stack.results::get).toList();
            }

            // Then: the batch finished, and interactive requests waited less than batch ones and kept their latency objective
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            List<PromptResult> batchResults = stack.results.values().stream().filter(r -> r.getLane() == Lane.BATCH).toList();
            assertThat(batchResults).hasSize(150);
            long batchEnd = batchResults.stream().mapToLong(PromptResult::getCompletedAt).max().orElseThrow();
            List<PromptResult> overlapping = interactive.stream()
                    .filter(r -> r.getCreatedAt() >= batchStart && r.getCompletedAt() <= batchEnd).toList();
            assertThat(overlapping).hasSizeGreaterThan(20);
            assertThat(median(overlapping, true)).as("interactive median queue ms vs batch")
                    .isLessThan(median(batchResults, true));
            assertThat(p95Wait(overlapping)).as("interactive p95 of queue + latency, ms").isLessThanOrEqualTo(2_500);
        }
    }

    private static long median(List<PromptResult> results, boolean queue) {
        long[] values = results.stream().mapToLong(r -> queue ? r.getQueueMs() : r.getLatencyMs()).sorted().toArray();
        return values[values.length / 2];
    }

    private static long p95Wait(List<PromptResult> results) {
        long[] waits = results.stream().mapToLong(r -> r.getQueueMs() + r.getLatencyMs()).sorted().toArray();
        return waits[(int) Math.floor(0.95 * (waits.length - 1))];
    }

    private static Path lines(Path dir, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add("{\"tenant_id\":\"acme\",\"feature\":\"nightly\",\"max_output_tokens\":16,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Tag invoice " + i + " " + System.nanoTime() + "\"}]}");
        }
        Path in = dir.resolve("in-" + count + ".jsonl");
        Files.write(in, lines);
        return in;
    }
}
