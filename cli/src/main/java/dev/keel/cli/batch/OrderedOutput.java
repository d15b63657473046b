package dev.keel.cli.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one output line per input line, in input order: a line's output waits until every line
 * before it is written. The file is rewritten from line 1 on every run (a resume reads every result
 * back from the job's reply topic), so a torn last line from a {@code kill -9} never survives.
 * Thread-safe.
 */
final class OrderedOutput implements AutoCloseable {

    private final BufferedWriter writer;
    private final Map<Long, String> waiting = new HashMap<>();
    private long next = 1;

    OrderedOutput(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    synchronized void put(long line, String json) {
        if (line < next || waiting.containsKey(line)) {
            return;
        }
        waiting.put(line, json);
        try {
            String ready;
            while ((ready = waiting.remove(next)) != null) {
                writer.write(ready);
                writer.write('\n');
                next++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output: " + e.getMessage(), e);
        }
    }

    /** The first line not written yet. */
    synchronized long next() {
        return next;
    }

    synchronized void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
