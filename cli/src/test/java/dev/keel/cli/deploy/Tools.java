package dev.keel.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** The repository root and the external tools the deploy tests run (from PATH, never skipped). */
public final class Tools {

    private Tools() {
    }

    record Run(int exitCode, String output) {
    }

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The absolute path of {@code name} on PATH; fails naming the Debian package {@code .ci/run} installs. */
    public static Path require(String name, String debianPackage) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(name + " is not on PATH: install the Debian package '" + debianPackage
                + "' (.ci/run installs it when missing: apt-get install " + debianPackage + ")");
    }

    static Run run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile()).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 2 minutes");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
