package dev.keel.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.cli.drill.TopicRange;
import dev.keel.cli.it.LiveStack;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * keel batch as a back-office team runs it: 3,000 lines, three of them bad; {@code kill -9} of keel batch
 * itself a fifth of the way in, a primary outage in the middle of the resumed run. After the resume every
 * line is answered once, in order; no line was ever visible twice on the batch lane; the budget held;
 * progress was printed.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BatchResumeIT {

    private static final int LINES = 3_000;
    private static final Set<Integer> BAD = Set.of(17, 1_001, 2_500);
    private static final double BUDGET = 0.5;
    private static final Pattern DONE = Pattern.compile("keel batch: ([\\d,]+)/([\\d,]+) done");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnswerEveryLineOnceInOrderAfterAKillAndAnOutage(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (LiveStack stack = LiveStack.start(broker, dir, Duration.ofSeconds(2))) {
            // Given
            Path in = dir.resolve("requests.jsonl");
            Path out = dir.resolve("results.jsonl");
            Files.write(in, input());
            String job = KafkaBroker.uniqueName("nightly");

            // When: the first run is killed with -9 a fifth of the way in
            Child first = Child.start(stack, job, in, out);
            await().atMost(Duration.ofSeconds(120)).until(() -> first.done() >= LINES / 5);
            first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            // And: the resumed run lives through a primary outage in its middle
            Child second = Child.start(stack, job, in, out);
            await().atMost(Duration.ofSeconds(120)).until(() -> answered(stack, job) >= LINES / 2);
            stack.primary.outage(true);
            await().atMost(Duration.ofSeconds(120)).until(() -> answered(stack, job) >= LINES * 2 / 3);
            stack.primary.outage(false);
            assertThat(second.process.waitFor(180, TimeUnit.SECONDS)).as("resumed run ends").isTrue();

            // Then: one output line per input line, in order, each the line's own answer
            assertThat(second.process.exitValue()).as(second.text()).isZero();
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(LINES);
            double cost = 0;
            for (int i = 1; i <= LINES; i++) {
                JsonNode result = JSON.readTree(lines.get(i - 1));
                assertThat(result.get("request_id").asText()).isEqualTo("batch:" + job + ":" + i);
                if (BAD.contains(i)) {
                    assertThat(result.get("status").asText()).isEqualTo("REJECTED");
                    assertThat(result.at("/error/code").asText()).isEqualTo("INVALID_LINE");
                    assertThat(result.at("/error/message").asText()).startsWith("line " + i + ": ");
                } else {
                    assertThat(result.get("status").asText()).as("line %d: %s", i, result).isEqualTo("SUCCESS");
                }
                cost += result.get("cost_usd").asDouble();
            }
            assertThat(cost).as("job cost").isLessThanOrEqualTo(BUDGET);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"provider\":\"secondary\""));

            // And: no line was ever sent twice (what read_committed workers can see on the batch lane)
            Map<String, Integer> sent = new HashMap<>();
            TopicRange.read(stack.kafka, stack.topics.requestsBatch().name(), -1, Duration.ofSeconds(60),
                    r -> sent.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            assertThat(sent).hasSize(LINES - BAD.size());
            assertThat(sent.values()).allMatch(n -> n == 1);

            // And: progress was visible, the resume said so, the summary adds up
            assertThat(first.text()).contains("done", "ETA");
            assertThat(second.text()).contains("resuming job " + job, "3,000 lines: 2,997 succeeded, 0 failed, 0 rejected, 3 invalid",
                    "line 17: not valid JSON", "line 1001: messages: no user message", "line 2500: empty line");
        }
    }

    private static List<String> input() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            lines.add(switch (i) {
                case 17 -> "{\"tenant_id\": \"acme\", oops";
                case 1_001 -> "{\"tenant_id\":\"acme\",\"feature\":\"nightly\",\"messages\":[]}";
                case 2_500 -> "";
                default -> "{\"tenant_id\":\"acme\",\"feature\":\"nightly\",\"max_output_tokens\":16,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Classify support ticket " + i + " by urgency.\"}]}";
            });
        }
        return lines;
    }

    private static long answered(LiveStack stack, String job) {
        return stack.results.keySet().stream().filter(id -> id.startsWith("batch:" + job + ":")).count();
    }

    /** keel batch in a JVM of its own (so kill -9 kills it, not the test), its stdout and stderr collected. */
    private record Child(Process process, List<String> output) {
        static Child start(LiveStack stack, String job, Path in, Path out) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "dev.keel.cli.Main"));
            command.addAll(List.of(stack.cli("batch", "--in", in.toString(), "--out", out.toString(), "--job", job,
                    "--max-cost-usd", String.valueOf(BUDGET), "--max-cost-per-request-usd", "0.001", "--max-in-flight", "64",
                    "--progress", "lines", "--progress-every", "300ms")));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = new CopyOnWriteArrayList<>();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    // the process died
                }
            });
            return new Child(process, output);
        }

        long done() {
            long best = 0;
            for (String line : output) {
                Matcher m = DONE.matcher(line);
                if (m.find()) {
                    best = Math.max(best, Long.parseLong(m.group(1).replace(",", "")));
                }
            }
            return best;
        }

        String text() {
            return String.join("\n", output);
        }
    }
}
