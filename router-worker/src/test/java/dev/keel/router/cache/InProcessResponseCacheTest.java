package dev.keel.router.cache;

import dev.keel.config.CacheConfig;
import dev.keel.router.cache.internal.InProcessResponseCache;
import dev.keel.router.support.Prompts;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessResponseCacheTest extends ResponseCacheContract {

    @Override
    ResponseCache create(MutableClock clock, MeterRegistry meters) {
        return ResponseCaches.create(new CacheConfig(true, null, TTL, STALE_WINDOW, null, 50, null, null), clock, meters);
    }

    @Test
    void shouldBeTheInProcessStoreWhenNoRedisIsConfigured() {
        assertThat(cache()).isInstanceOf(InProcessResponseCache.class);
    }

    @Test
    void shouldHoldAtMostMaxEntriesWhenMoreAnswersAreWritten() {
        // When
        for (int i = 0; i < 200; i++) {
            cache().put(Prompts.KEYS.of(Prompts.ask("acme", "question " + i), ModelClass.STANDARD, 100), answer("a" + i));
        }

        // Then
        assertThat(((InProcessResponseCache) cache()).size()).isLessThanOrEqualTo(50);
    }

    @Test
    void shouldNeverHitWhenTheCacheIsDisabled() {
        // Given
        try (ResponseCache disabled = ResponseCaches.create(new CacheConfig(false, null, null, null, null, null, null, null), clock, meters)) {
            CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Hello"), ModelClass.STANDARD, 100);

            // When
            disabled.put(key, answer("hi"));

            // Then
            assertThat(disabled.get(key)).isEqualTo(Lookup.MISS);
        }
    }
}
