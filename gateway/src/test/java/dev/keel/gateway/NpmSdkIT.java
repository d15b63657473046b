package dev.keel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The official {@code openai} npm SDK (pinned in {@code src/test/resources/npm-sdk/package.json}),
 * installed from the npm registry into {@code target/npm-sdk} at test time, runs a small Node script
 * against the gateway: a whole answer, a stream with usage, and a 401. No Node or no registry is a
 * failure with the reason, never a skip.
 */
@ExtendWith(KafkaBrokerExtension.class)
class NpmSdkIT {

    private static final Path WORK = Path.of("target", "npm-sdk");

    @Test
    void shouldAnswerTheOfficialNpmSdkWholeAndStreamed(KafkaBroker broker) throws Exception {
        installSdk();
        try (GatewayStack stack = new GatewayStack(broker)) {
            String prompt = "Node asks about order " + UUID.randomUUID();
            Run run = run(List.of("node", "check.mjs"), Map.of("KEEL_GATEWAY_URL", stack.openAiBaseUrl(),
                    "KEEL_API_KEY", GatewayStack.ACME_KEY, "KEEL_PROMPT", prompt), 120);

            assertThat(run.exit()).as(run.output()).isZero();
            JsonNode seen = new ObjectMapper().readTree(run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertThat(seen.path("wholeText").asText()).isNotBlank();
            assertThat(seen.path("model").asText()).isEqualTo("keel");
            assertThat(seen.path("wholeUsage").path("total_tokens").asInt()).isPositive();
            assertThat(seen.path("streamed").asText()).isEqualTo(seen.path("wholeText").asText());
            assertThat(seen.path("streamUsage").isObject()).isTrue();
            assertThat(seen.path("finish").asText()).isIn("stop", "length");
            assertThat(seen.path("authStatus").asInt()).isEqualTo(401);
            assertThat(seen.path("authCode").asText()).isEqualTo("invalid_api_key");
        }
    }

    private static void installSdk() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "check.mjs")) {
            try (InputStream in = NpmSdkIT.class.getResourceAsStream("/npm-sdk/" + file)) {
                Files.write(WORK.resolve(file), in.readAllBytes());
            }
        }
        String wanted = new ObjectMapper().readTree(WORK.resolve("package.json").toFile()).path("dependencies").path("openai").asText();
        Path installed = WORK.resolve("node_modules/openai/package.json");
        if (Files.exists(installed) && new ObjectMapper().readTree(installed.toFile()).path("version").asText().equals(wanted)) {
            return;
        }
        Run npm = run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"), Map.of(), 300);
        if (npm.exit() != 0) {
            fail("npm could not install openai@" + wanted + " from the npm registry into " + WORK.toAbsolutePath()
                    + " (exit " + npm.exit() + "):\n" + npm.output());
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run '" + command.getFirst() + "': Node 20 and npm must be on the PATH for this test ("
                    + e.getMessage() + ")", e);
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
