package dev.keel.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to keel report and keel alerts: one line naming the problem, exit 2, nothing written. */
class ReportAndAlertsFlagsTest {

    @Test
    void shouldRefuseFromWithoutToInOneLine() {
        CliRun run = CliRun.of("report", "--from", "2030-03-10", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("keel report: --from and --to go together");
    }

    @Test
    void shouldRefuseAWindowTogetherWithFromAndTo() {
        CliRun run = CliRun.of("report", "--window", "7d", "--from", "2030-03-10", "--to", "2030-03-11", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("give either --window or --from/--to, not both");
    }

    @Test
    void shouldRefuseABadDateNamingIt() {
        CliRun run = CliRun.of("report", "--from", "10/03/2030", "--to", "2030-03-11");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'10/03/2030' is not a date (2030-03-10) or a UTC time");
    }

    @Test
    void shouldRefuseAlertsWithoutAnySink() {
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("keel alerts: no sinks: configure alerts.sinks in the config (see keel.example.yaml), or pass --console");
    }

    @Test
    void shouldRefuseADayDemoPaceOutOfRange() {
        CliRun run = CliRun.of("demo", "--day", "--pace", "500ms");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pace: between 1s and 30m");
    }
}
