package dev.keel.report;

import dev.keel.config.KeelConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code keel report} end to end: resolve the window, read the topics, compute, write HTML, Markdown
 * and charts, print the PDF when asked, fill the kit when asked. Used by the CLI and the demo.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * @param pdf   the PDF, when one was asked for and printed
     * @param kit   the kit files filled in, when asked
     * @param notes one-line remarks for the terminal (no browser for --pdf ...)
     */
    public record Result(SloReport report, ReportWriter.Written files, Optional<Path> pdf, List<Path> kit, List<String> notes) {
    }

    public static Result generate(KeelConfig config, ReportRequest request, Clock clock) throws IOException {
        ReportSource source = new ReportSource(config);
        ReportWindow window;
        if (request.from() != null) {
            window = new ReportWindow(request.from().toEpochMilli(), request.to().toEpochMilli());
        } else {
            window = source.trailing(request.window()).orElse(null);
            if (window == null) {
                long now = clock.millis() / 60_000 * 60_000;
                window = ReportWindow.trailing(request.window(), now);
            }
        }
        ReportInput input = source.read(request.scope(), window);
        SloReport report = new ReportCalculator(config.slo(), clock).compute(request.scope(), window, input);
        ReportWriter.Written files = ReportWriter.write(report, request.out());
        List<String> notes = new ArrayList<>();
        Optional<Path> pdf = Optional.empty();
        if (request.pdf()) {
            Optional<Path> browser = PdfPrinter.browser();
            if (browser.isEmpty()) {
                notes.add("--pdf: no Chromium found (install Debian's chromium, or set " + PdfPrinter.BROWSER_ENV + "); HTML and Markdown were written");
            } else {
                Path out = request.out().resolve(ReportWriter.PDF);
                PdfPrinter.print(browser.get(), files.html(), out);
                pdf = Optional.of(out);
            }
        }
        List<Path> kit = request.kit() ? Kit.fill(config, report, request.out().resolve("kit")) : List.of();
        return new Result(report, files, pdf, kit, notes);
    }
}
