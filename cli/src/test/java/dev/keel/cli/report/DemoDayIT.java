package dev.keel.cli.report;

import dev.keel.cli.KeelCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keel demo --day} end to end, as a newcomer runs it: embedded everything, pages on the console, a report at the end. */
class DemoDayIT {

    @Test
    void shouldShowPagesFiringAndResolvingAndEndWithTheReportWhenTheDayIsReplayed(@TempDir Path dir) throws Exception {
        // Given
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path report = dir.resolve("day-report");

        // When
        int code = KeelCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("demo", "--day", "--pace", "10s", "--out", report.toString());

        // Then the scripted incidents page and resolve on the console, in order, and the report is written
        String printed = out.toString();
        assertThat(code).as(err.toString()).isZero();
        assertThat(printed).contains("PAGE >> [FIRING] PAGE p95_latency global", "PAGE << [RESOLVED] PAGE p95_latency global",
                "PAGE >> [FIRING] PAGE success_rate global", "PAGE << [RESOLVED] PAGE success_rate global",
                "PAGE >> [FIRING] PAGE avg_cost global", "PAGE << [RESOLVED] PAGE avg_cost global");
        assertThat(printed.indexOf("PAGE >> [FIRING] PAGE success_rate global")).isLessThan(printed.indexOf("PAGE << [RESOLVED] PAGE success_rate global"));
        assertThat(printed).doesNotContain("tenant:acme:");
        assertThat(printed).contains("keel demo --day: report written to " + report.resolve("report.html").toAbsolutePath());
        assertThat(report.resolve("report.html")).isNotEmptyFile();
        assertThat(report.resolve("report.md")).isNotEmptyFile();
        assertThat(Files.list(report.resolve("kit"))).hasSize(5);
        assertThat(Files.readString(report.resolve("report.html"))).contains("success_rate").contains("avg_cost").contains("p95_latency");
    }
}
