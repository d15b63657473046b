package dev.keel.sim.internal;

import dev.keel.testbase.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromptCachesTest {

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final PromptCaches caches = new PromptCaches(clock, 1024, Duration.ofMinutes(5));

    @Test
    void shouldWriteThenReadThenWriteAgainWhenAnthropicTtlPasses() {
        // When / Then: write, read within TTL (which refreshes it), write again once expired
        assertThat(caches.anthropic("m", "sys", Duration.ofMinutes(5), 2000)).isEqualTo(new PromptCaches.AnthropicUse(0, 2000));
        clock.advance(Duration.ofMinutes(4));
        assertThat(caches.anthropic("m", "sys", Duration.ofMinutes(5), 2000)).isEqualTo(new PromptCaches.AnthropicUse(2000, 0));
        clock.advance(Duration.ofMinutes(4)); // 8 minutes after the write, 4 after the refreshing read
        assertThat(caches.anthropic("m", "sys", Duration.ofMinutes(5), 2000)).isEqualTo(new PromptCaches.AnthropicUse(2000, 0));
        clock.advance(Duration.ofMinutes(5));
        assertThat(caches.anthropic("m", "sys", Duration.ofMinutes(5), 2000)).isEqualTo(new PromptCaches.AnthropicUse(0, 2000));
    }

    @Test
    void shouldKeepTtlsAndModelsApartWhenAnthropicCaches() {
        caches.anthropic("m", "sys", Duration.ofMinutes(5), 2000);
        assertThat(caches.anthropic("m", "sys", Duration.ofHours(1), 2000).write()).isEqualTo(2000);
        assertThat(caches.anthropic("other", "sys", Duration.ofMinutes(5), 2000).write()).isEqualTo(2000);
    }

    @Test
    void shouldNotCacheAnthropicBlockShorterThanMinimum() {
        caches.anthropic("m", "short", Duration.ofMinutes(5), 1023);
        assertThat(caches.anthropic("m", "short", Duration.ofMinutes(5), 1023)).isEqualTo(new PromptCaches.AnthropicUse(0, 0));
    }

    @Test
    void shouldReportLongestSeenOpenAiPrefixRoundedTo128WhenPromptRepeats() {
        // Given: prefixes of 1500 (system) and 1600 (system + first user message) tokens
        caches.openAi(List.of(11L, 12L), List.of(1500, 1600));

        // When: a new conversation with the same system prompt and a different question
        int cached = caches.openAi(List.of(11L, 99L), List.of(1500, 1590));

        // Then: 1500 rounded down to 128s = 1408
        assertThat(cached).isEqualTo(1408);
    }

    @Test
    void shouldReportNothingWhenOpenAiPrefixIsShortOrExpired() {
        caches.openAi(List.of(21L), List.of(1100));
        assertThat(caches.openAi(List.of(21L), List.of(1100))).isEqualTo(1024);
        caches.openAi(List.of(31L), List.of(1000));
        assertThat(caches.openAi(List.of(31L), List.of(1000))).isZero();
        clock.advance(Duration.ofMinutes(6));
        assertThat(caches.openAi(List.of(21L), List.of(1100))).isZero();
    }
}
