package dev.keel.bench.load;

import dev.keel.schemas.Lane;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class PromptMixTest {

    private static List<LoadRequest> draw(LoadSpec spec, int n) {
        PromptMix mix = new PromptMix(spec, "run");
        return LongStream.range(0, n).mapToObj(i -> mix.next(i, i)).toList();
    }

    @Test
    void shouldMakeEveryPromptUniqueWhenNothingRepeats() {
        // Given / When
        List<LoadRequest> requests = draw(LoadSpec.of(100, Duration.ofSeconds(1)), 5_000);

        // Then
        assertThat(requests.stream().map(LoadRequest::prompt).distinct()).hasSize(5_000);
        assertThat(requests).allMatch(r -> r.lane() == Lane.INTERACTIVE);
    }

    @Test
    void shouldRepeatHotPromptsAtTheRepeatShare() {
        // Given a 30% repeat share over 100 hot prompts
        LoadSpec spec = LoadSpec.of(100, Duration.ofSeconds(1)).withRepeatShare(0.3).withHotPrompts(100);

        // When
        List<LoadRequest> requests = draw(spec, 10_000);

        // Then about 3,000 requests reuse at most 100 prompts; the rest are unique
        Set<String> seen = new HashSet<>();
        long repeats = requests.stream().filter(r -> !seen.add(r.prompt())).count();
        assertThat(repeats).isBetween(2_700L, 3_000L);
        assertThat(seen).hasSizeBetween(7_000, 7_400);
    }

    @Test
    void shouldPutTheBatchShareOnTheBatchLaneAndBeReproducible() {
        // Given
        LoadSpec spec = LoadSpec.of(100, Duration.ofSeconds(1)).withBatchShare(0.25).withRepeatShare(0.5);

        // When
        List<LoadRequest> first = draw(spec, 4_000);
        List<LoadRequest> second = draw(spec, 4_000);

        // Then
        assertThat(first.stream().filter(r -> r.lane() == Lane.BATCH).count()).isBetween(900L, 1_100L);
        assertThat(first).isEqualTo(second);
        assertThat(first.stream().map(LoadRequest::requestId).distinct()).hasSize(4_000);
    }
}
