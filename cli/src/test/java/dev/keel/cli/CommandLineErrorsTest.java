package dev.keel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineErrorsTest {

    @Test
    void shouldRefuseSendWithoutATenantInOneLine() {
        CliRun run = CliRun.of("send", "--feature", "f1", "--bootstrap-servers", "127.0.0.1:1", "hello");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().findFirst()).contains("keel send: Missing required option: '--tenant=TENANT'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownFlagNamingIt() {
        CliRun run = CliRun.of("tail", "--topic", "t", "--form-beginning");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("keel tail: Unknown option: '--form-beginning'");
    }

    @Test
    void shouldRefuseAnEmbeddedConfigForACommandThatNeedsARunningStack() {
        CliRun run = CliRun.of("tail", "--topic", "llm.results");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("keel tail: tail: needs a running stack: pass --bootstrap-servers HOST:PORT "
                + "(printed by 'keel up') or set kafka.bootstrap.servers");
    }

    @Test
    void shouldRefuseABadConfigNamingTheLine(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("keel.yaml");
        Files.writeString(config, "routing:\n  ttft-timeout: fast\n");

        CliRun run = CliRun.of("config", "check", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("keel config check: " + config
                + ":2: routing.ttft-timeout: bad duration 'fast': expected a duration such as 500ms, 2s, 15m, 1h, 30d or PT2S");
    }

    @Test
    void shouldPrintTheEffectiveConfigMasked(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("keel.yaml");
        Files.writeString(config, """
                providers:
                  primary: {kind: openai, api-key: sk-very-secret-value, model: m, prices: {m: {input: 1, output: 2}}}
                """);

        CliRun run = CliRun.of("config", "check", "-c", config.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("OK", "api-key: '****'", "ttft-timeout: 2s").doesNotContain("sk-very-secret-value");
    }

    @Test
    void shouldPrintWhichPricesAreInForceAndWhereTheyCameFrom(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("keel.yaml");
        Files.writeString(config, """
                providers:
                  primary: {kind: openai, api-key: sk-x, model: gpt-4o-mini, cheaper-model: tiny, prices: {tiny: {input: 0.01, output: 0.02}}}
                """);

        CliRun run = CliRun.of("config", "check", "-c", config.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("# prices in force").containsPattern("primary +gpt-4o-mini .*<- built-in gpt-4o-mini \\(as of 20")
                .containsPattern("primary +tiny .*<- configured");
    }

    @Test
    void shouldRefuseAReplayOfAMissingFile() {
        CliRun run = CliRun.of("replay", "--topic", "llm.results", "--in", "/nope/results.jsonl", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("keel replay: /nope/results.jsonl: no such file");
    }
}
