package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.report.ReportRequest;
import dev.keel.report.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code keel report}: the client-facing SLO report of a window (report/README.md). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the service level report of a window from slo.sli and slo.pages: a standalone HTML page with SVG charts "
                + "and a Markdown file (and a PDF with --pdf), into --out.",
                "The default window is the SLO app's trailing 30 days, ending at the last closed minute: the numbers keel status shows under 30d."})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--scope", defaultValue = ReportRequest.DEFAULT_SCOPE, paramLabel = "SCOPE",
            description = "global, provider:<p>, feature:<f> or tenant:<t> (default: ${DEFAULT-VALUE})")
    String scope;

    @Option(names = "--window", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Trailing window ending at the last closed minute (default: 30d)")
    Duration window;

    @Option(names = "--from", converter = InstantConverter.class, paramLabel = "TIME", description = "Start (2030-03-10 or 2030-03-10T06:00:00Z)")
    Instant from;

    @Option(names = "--to", converter = InstantConverter.class, paramLabel = "TIME", description = "End, exclusive")
    Instant to;

    @Option(names = "--out", defaultValue = "keel-report", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--pdf", description = "Also print report.pdf with a headless Chromium (Debian's chromium)")
    boolean pdf;

    @Option(names = "--kit", description = "Also fill the SLO kit (kit/) from the config into DIR/kit")
    boolean kit;

    @Override
    public Integer call() throws Exception {
        ReportRequest request;
        try {
            request = new ReportRequest(scope, window, from, to, out, pdf, kit);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        KeelConfig config = options.loadForRunningStack("report");
        PrintWriter w = spec.commandLine().getOut();
        Reports.Result result = Reports.generate(config, request, Clock.systemUTC());
        result.report().warnings().forEach(n -> w.println("keel report: note: " + n));
        result.notes().forEach(n -> w.println("keel report: " + n));
        w.println("keel report: " + dev.keel.report.ReportText.sentence(result.report()));
        w.println("keel report: wrote " + result.files().html().toAbsolutePath() + " and " + result.files().markdown().getFileName()
                + result.pdf().map(p -> " and " + p.getFileName()).orElse(""));
        if (!result.kit().isEmpty()) {
            w.println("keel report: kit filled in " + result.kit().getFirst().getParent().toAbsolutePath() + " (" + result.kit().size() + " files)");
        }
        w.flush();
        return ExitCodes.OK;
    }

    /** An instant, or a date meaning its midnight UTC. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a date (2030-03-10) or a UTC time (2030-03-10T06:00:00Z)");
            }
        }
    }
}
