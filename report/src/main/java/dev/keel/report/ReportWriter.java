package dev.keel.report;

import dev.keel.report.internal.Charts;
import dev.keel.report.internal.HtmlReport;
import dev.keel.report.internal.MarkdownReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a report's files into a directory: {@code report.html}, {@code report.md} and {@code charts/*.svg}. Stateless. */
public final class ReportWriter {

    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    public static final String PDF = "report.pdf";
    public static final String CHARTS = "charts";

    private ReportWriter() {
    }

    /** The files written. */
    public record Written(Path html, Path markdown, Path charts) {
    }

    public static Written write(SloReport report, Path dir) throws IOException {
        Files.createDirectories(dir.resolve(CHARTS));
        Map<String, Charts.Chart> charts = Charts.of(report);
        for (Charts.Chart c : charts.values()) {
            Files.writeString(dir.resolve(CHARTS).resolve(c.id() + ".svg"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + c.svg() + "\n",
                    StandardCharsets.UTF_8);
        }
        Path html = dir.resolve(HTML);
        Files.writeString(html, HtmlReport.render(report, charts), StandardCharsets.UTF_8);
        Path md = dir.resolve(MARKDOWN);
        Files.writeString(md, MarkdownReport.render(report, charts, CHARTS), StandardCharsets.UTF_8);
        return new Written(html, md, dir.resolve(CHARTS));
    }
}
