package dev.keel.router.delivery;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class DoneOffsetsCodecTest {

    @Test
    void shouldReadBackWhatItWroteWhenOffsetsAreSparseOrDense() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            long prefix = random.nextInt(1_000_000);
            double density = random.nextDouble();
            NavigableSet<Long> done = new TreeSet<>();
            int span = 1 + random.nextInt(DoneOffsetsCodec.MAX_SPAN);
            for (int i = 1; i <= span; i++) {
                if (random.nextDouble() < density) {
                    done.add(prefix + i);
                }
            }
            String metadata = DoneOffsetsCodec.encode(prefix, done);

            assertThat(DoneOffsetsCodec.decode(prefix, metadata).orElseGet(TreeSet::new)).isEqualTo(done);
            assertThat(metadata.length()).isLessThan(3_000);
        }
    }

    @Test
    void shouldWriteNothingWhenNothingIsDoneBeyondThePrefix() {
        assertThat(DoneOffsetsCodec.encode(42, new TreeSet<>())).isEmpty();
        assertThat(DoneOffsetsCodec.decode(42, "")).isEmpty();
    }

    @Test
    void shouldIgnoreAMapWrittenForAnotherOffsetWhenTheGroupWasReset() {
        String metadata = DoneOffsetsCodec.encode(10, new TreeSet<>(List.of(12L, 13L)));

        assertThat(DoneOffsetsCodec.decode(10, metadata)).contains(new TreeSet<>(List.of(12L, 13L)));
        assertThat(DoneOffsetsCodec.decode(0, metadata)).isEmpty();
    }

    @Test
    void shouldIgnoreMetadataItCannotReadWhenSomeoneElseWroteIt() {
        assertThat(DoneOffsetsCodec.decode(5, "committed by a script")).isEmpty();
        assertThat(DoneOffsetsCodec.decode(5, "k1:5:b%%%")).isEmpty();
        assertThat(DoneOffsetsCodec.decode(5, "k1:5:x")).isEmpty();
    }

    @Test
    void shouldPreferRunLengthsWhenLongRunsAreDone() {
        NavigableSet<Long> done = new TreeSet<>();
        for (long o = 2; o < 8_000; o++) {
            done.add(o);
        }

        String metadata = DoneOffsetsCodec.encode(0, done);

        assertThat(metadata).startsWith("k1:0:r").hasSizeLessThan(20);
        assertThat(DoneOffsetsCodec.decode(0, metadata)).contains(done);
    }
}
