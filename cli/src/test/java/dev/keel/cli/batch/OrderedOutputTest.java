package dev.keel.cli.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OrderedOutputTest {

    @Test
    void shouldWriteInInputOrderWhateverOrderResultsArriveIn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.jsonl");
        try (OrderedOutput out = new OrderedOutput(file)) {
            out.put(3, "c");
            out.put(1, "a");
            assertThat(out.next()).isEqualTo(2);
            out.put(1, "a-again");
            out.put(2, "b");
            assertThat(out.next()).isEqualTo(4);
        }
        assertThat(Files.readAllLines(file)).containsExactly("a", "b", "c");
    }
}
