package dev.keel.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCommandTest {

    @Test
    void shouldSayHowToTurnExportOnWhenItIsOff() {
        CliRun run = CliRun.of("export", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().findFirst())
                .hasValue("keel export: export is off: set export.enabled: true and export.endpoint in the config, or pass --endpoint URL");
    }

    @Test
    void shouldRefuseAnEndpointThatIsNotHttp() {
        CliRun run = CliRun.of("export", "--bootstrap-servers", "127.0.0.1:1", "--endpoint", "ftp://collector:4318");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--endpoint: must be an http or https URL, got 'ftp://collector:4318'");
    }

    @Test
    void shouldRefuseTheEmbeddedBrokerBecauseExportReadsARunningStack() {
        CliRun run = CliRun.of("export", "--endpoint", "http://127.0.0.1:4318");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("export: needs a running stack");
    }
}
