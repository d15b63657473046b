package dev.keel.cli;

import dev.keel.sim.Faults;
import dev.keel.sim.Latency;
import dev.keel.sim.Protocol;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimCommandTest {

    private static SimCommand parse(String... args) {
        SimCommand command = new SimCommand();
        CommandLine cli = new CommandLine(command);
        cli.parseArgs(args);
        command.spec = cli.getCommandSpec();
        return command;
    }

    @Test
    void shouldBuildTwoInstancesWithFaultsOnlyOnPrimaryWhenAsked() {
        // When
        List<SimSettings> settings = parse("--faults-on", "primary", "--protocol", "anthropic", "--error-event-rate", "0.2",
                "--rate-limit-rate", "1", "--retry-after", "2s", "--port", "18090", "--admin-port", "18190", "--seed", "7",
                "--ttft-median", "100ms", "--ttft-p95", "0.5s").settings();

        // Then
        assertThat(settings).extracting(SimSettings::name).containsExactly("primary", "secondary");
        SimSettings primary = settings.get(0);
        assertThat(primary.port()).isEqualTo(18090);
        assertThat(settings.get(1).port()).isEqualTo(18091);
        assertThat(settings.get(1).adminPort()).isEqualTo(18191);
        assertThat(primary.seed()).isEqualTo(7);
        assertThat(primary.latency()).isEqualTo(new Latency(100, 500, 16, 45));
        assertThat(primary.anthropicFaults()).isEqualTo(Faults.NONE.withErrorEvents(0.2, "overloaded_error").withRateLimits(1, 2000, false));
        assertThat(primary.openAiFaults()).isEqualTo(Faults.NONE);
        assertThat(settings.get(1).anthropicFaults()).isEqualTo(Faults.NONE);
    }

    @Test
    void shouldRejectBadFlagsWithOneLineReason() {
        assertThatThrownBy(() -> parse("--error-rate", "1.5").settings()).isInstanceOf(UserError.class)
                .hasMessage("faults: error-rate must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> parse("--ttft-stall", "soon").settings()).isInstanceOf(UserError.class)
                .hasMessageContaining("--ttft-stall: 'soon' is not a duration");
        assertThatThrownBy(() -> parse("--instances", "3").settings()).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> parse("--protocol", "gemini").settings()).isInstanceOf(UserError.class);
    }

    @Test
    void shouldExitWithBadInputWhenRunFromTheCommandLine() {
        // Given
        StringWriter err = new StringWriter();
        CommandLine cli = KeelCommand.commandLine();
        cli.setErr(new PrintWriter(err));

        // When
        int code = cli.execute("sim", "--overload-rate", "-1");

        // Then
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("keel sim: faults: overload-rate must be between 0 and 1, got -1.0");
    }

    @Test
    void shouldStartInstancesWithOutageAndRevokedKeysWhenFlagged() {
        // When
        List<ProviderSim> sims = parse("--instances", "1", "--no-latency", "--outage", "--revoked").start();

        // Then
        try {
            assertThat(sims).hasSize(1);
            assertThat(sims.get(0).isDown()).isTrue();
            assertThat(sims.get(0).latency()).isEqualTo(Latency.NONE);
            assertThat(sims.get(0).faults(Protocol.OPENAI)).isEqualTo(Faults.NONE);
            assertThat(sims.get(0).adminUrl()).isNotNull();
        } finally {
            sims.forEach(ProviderSim::close);
        }
    }

    @Test
    void shouldExplainEveryFaultFlagWhenAskedForHelp() {
        // Given
        StringWriter out = new StringWriter();
        CommandLine cli = KeelCommand.commandLine();
        cli.setOut(new PrintWriter(out));

        // When
        int code = cli.execute("sim", "--help");

        // Then
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--error-rate", "--rate-limit-rate", "--retry-after", "--quota", "--overload-rate",
                "--revoked", "--ttft-stall-rate", "--mid-stream-stall-rate", "--error-event-rate", "--truncate-rate",
                "--malformed-rate", "--reset-rate", "--outage", "--seed", "--ttft-median", "--token-p95", "admin");
    }
}
