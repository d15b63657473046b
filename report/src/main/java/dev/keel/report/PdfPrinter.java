package dev.keel.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prints an HTML file to PDF with a headless Chromium (Debian's {@code chromium}, or the browser named by
 * {@code KEEL_CHROMIUM}), in a throwaway profile with networking extras off. Stateless.
 */
public final class PdfPrinter {

    public static final String BROWSER_ENV = "KEEL_CHROMIUM";
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    private PdfPrinter() {
    }

    /** The browser to use, if one is installed. */
    public static Optional<Path> browser() {
        String env = System.getenv(BROWSER_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env.strip())).filter(Files::isExecutable);
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Writes {@code pdf} from {@code html}; a failure names what went wrong in one line. */
    public static void print(Path browser, Path html, Path pdf) throws IOException {
        Path profile = Files.createTempDirectory("keel-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--no-pdf-header-footer", "--print-to-pdf=" + pdf.toAbsolutePath(), html.toAbsolutePath().toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chromium did not finish printing within 90 s");
            }
            if (p.exitValue() != 0 || !Files.exists(pdf) || Files.size(pdf) == 0) {
                throw new IOException("chromium exited with " + p.exitValue() + " and wrote no PDF");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while printing", e);
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
