package dev.keel.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a stack keeps its data: the embedded broker under {@code kafka/}, the SLO app's local state
 * under {@code streams/}, side by side so they never outlive each other. A named root is kept
 * ({@code keel up} restarts where it stopped); a temporary one ({@code keel demo}) is deleted on close.
 */
record DataRoot(Path root, boolean temporary) implements AutoCloseable {

    static DataRoot of(Path named) {
        try {
            return named == null ? new DataRoot(Files.createTempDirectory("keel-"), true)
                    : new DataRoot(Files.createDirectories(named), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + named, e);
        }
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path streams() {
        return root.resolve("streams");
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
