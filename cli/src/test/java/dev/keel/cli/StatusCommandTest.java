package dev.keel.cli;

import dev.keel.slo.StatusReading;
import dev.keel.slo.StatusServer;
import dev.keel.slo.StatusSnapshot;
import dev.keel.slo.StatusSnapshot.ActiveAlert;
import dev.keel.slo.StatusSnapshot.ErrorBudget;
import dev.keel.slo.StatusSnapshot.Objectives;
import dev.keel.slo.StatusSnapshot.ScopeStatus;
import dev.keel.slo.StatusSnapshot.Sli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {

    private static final long THROUGH = Instant.parse("2030-01-01T10:20:00Z").toEpochMilli();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KeelCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static StatusSnapshot snapshot() {
        Map<String, Sli> slis = new LinkedHashMap<>();
        slis.put("5m", new Sli(250, 250, 225, 0, 0.9, 300.0, 2950.0, 3100.0, 0.8, 1.0, 0.004, 25, 3));
        slis.put("1h", new Sli(1000, 990, 956, 10, 956 / 990.0, 290.0, 900.0, 3000.0, 0.97, 4.0, 0.00404, 100, 9));
        slis.put("30d", new Sli(1000, 990, 956, 10, 956 / 990.0, 290.0, 900.0, 3000.0, 0.97, 4.0, 0.00404, 100, 9));
        Map<String, Double> burn = new LinkedHashMap<>();
        burn.put("5m", 20.0);
        burn.put("1h", 6.87);
        ActiveAlert alert = new ActiveAlert("success_rate|global", "success_rate", "PAGE", "global", 0.9, 0.995,
                THROUGH - 6 * 60_000, "Only 90.00% of global requests succeeded over the last 1m, below the 99.50% objective.",
                "slo-streams/README.md#runbook-success-rate");
        ScopeStatus global = new ScopeStatus("global", THROUGH, new Objectives(0.995, 2500, 0.95, 0.015), slis,
                new ErrorBudget("PT720H", 990, 34, 4.95, -29.05, -5.87), burn, List.of(alert));
        return new StatusSnapshot(THROUGH + 5000, THROUGH, List.of(global), List.of(alert), Map.of("late_results", 0L, "undecodable_records", 2L));
    }

    @Test
    void shouldPrintSlisBudgetBurnRatesAndAlertsWhenTheEndpointAnswers() {
        // Given a status endpoint serving a snapshot with one firing page
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> new StatusReading.Ready(snapshot()), () -> true)) {
            // When
            Run run = run("status", "--url", server.uri().toString());

            // Then
            assertThat(run.exit()).isZero();
            assertThat(run.out())
                    .contains("SLO status through 2030-01-01 10:20 UTC")
                    .containsPattern("global\\s+5m\\s+250\\s+90\\.00%\\s+2950 ms\\s+\\$0\\.0040")
                    .containsPattern("\\s+30d\\s+1000")
                    .contains("error budget left -587.00% (-29.1 of 5.0 failures), burn 5m 20.0x, 1h 6.9x")
                    .contains("ACTIVE ALERTS (1)", "PAGE   success_rate|global", "runbook: slo-streams/README.md#runbook-success-rate")
                    .contains("undecodable records: 2");
        }
    }

    @Test
    void shouldShowOnlyTheScopesAskedFor() {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> new StatusReading.Ready(snapshot()), () -> true)) {
            Run run = run("status", "--url", server.uri().toString(), "--scope", "tenant:");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).doesNotContain("global").contains("ACTIVE ALERTS: none");
        }
    }

    @Test
    void shouldPrintTheRawJsonWhenAsked() {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> new StatusReading.Ready(snapshot()), () -> true)) {
            Run run = run("status", "--url", server.uri() + "/", "--json");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).startsWith("{\"generated_at\":").contains("\"remaining_fraction\":-5.87", "\"alert_key\":\"success_rate|global\"");
        }
    }

    @Test
    void shouldExplainInOneLineWhenTheStatusIsNotAvailableYet() {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> new StatusReading.Unavailable("the SLO app is REBALANCING, not RUNNING yet"), () -> false)) {
            Run run = run("status", "--url", server.uri().toString());

            assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err()).isEqualTo("keel status: SLO status not available yet: the SLO app is REBALANCING, not RUNNING yet" + System.lineSeparator());
        }
    }

    @Test
    void shouldSayNoAppAnswersWhenNothingListens() throws Exception {
        // Given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run run = run("status", "--url", "http://127.0.0.1:" + port);

        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).startsWith("keel status: no SLO app answers at http://127.0.0.1:" + port + "/status");
    }
}
