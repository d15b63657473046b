package dev.keel.router.cache;

import dev.keel.router.support.Prompts;
import dev.keel.router.support.Workloads;
import dev.keel.schemas.PromptRequest;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every {@link ResponseCache} store honours; run against the in-process store and against Redis.
 */
abstract class ResponseCacheContract {

    static final Duration TTL = Duration.ofHours(1);
    static final Duration STALE_WINDOW = Duration.ofHours(24);

    final MutableClock clock = MutableClock.at("2025-03-14T12:00:00Z");
    final MeterRegistry meters = new SimpleMeterRegistry();
    private ResponseCache cache;

    /** A fresh store with {@link #TTL} and {@link #STALE_WINDOW}. */
    abstract ResponseCache create(MutableClock clock, MeterRegistry meters);

    ResponseCache cache() {
        if (cache == null) {
            cache = create(clock, meters);
        }
        return cache;
    }

    @AfterEach
    void closeCache() {
        if (cache != null) {
            cache.close();
        }
    }

    CachedResponse answer(String output) {
        return new CachedResponse("secondary", "claude-haiku-4-5", output, 12, 3, clock.millis());
    }

    double lookups(String result) {
        return meters.get("keel.cache.lookups").tag("result", result).counter().count();
    }

    @Test
    void shouldServeFreshThenStaleThenNothingWhenTheEntryAges() {
        // Given
        CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Capital of France?"), ModelClass.STANDARD, 100);
        cache().put(key, answer("Paris"));

        // When / Then: fresh in [0, ttl)
        clock.advance(TTL.minusMillis(1));
        assertThat(cache().get(key)).isInstanceOf(Lookup.Fresh.class);

        // stale in [ttl, ttl + stale window)
        clock.advance(Duration.ofMillis(1));
        assertThat(cache().get(key)).isEqualTo(new Lookup.Stale(answer("Paris").withStoredAt(clock.millis() - TTL.toMillis())));
        clock.advance(STALE_WINDOW.minusMillis(1));
        assertThat(cache().get(key)).isInstanceOf(Lookup.Stale.class);

        // gone from ttl + stale window on
        clock.advance(Duration.ofMillis(1));
        assertThat(cache().get(key)).isEqualTo(Lookup.MISS);
        assertThat(lookups("hit")).isEqualTo(1);
        assertThat(lookups("stale")).isEqualTo(2);
        assertThat(lookups("miss")).isEqualTo(1);
    }

    @Test
    void shouldHitEverySendAfterTheFirstWhenVariantsDifferOnlyInWhitespaceAndAttributeOrder() {
        // Given
        Random random = new Random(42);
        int hits = 0;
        int misses = 0;

        // When: 10 prompts x 100 variants, write-through on every miss
        for (String prompt : Workloads.PROMPTS) {
            for (int n = 0; n < 100; n++) {
                PromptRequest request = Workloads.variant("acme", prompt, n, random);
                CacheKey key = Prompts.KEYS.of(request, ModelClass.STANDARD, 200);
                if (cache().get(key) instanceof Lookup.Fresh) {
                    hits++;
                } else {
                    misses++;
                    cache().put(key, answer("answer to " + prompt));
                }
            }
        }

        // Then
        assertThat(hits).isEqualTo(990);
        assertThat(misses).isEqualTo(10);
        assertThat(cache().stats().hitRate()).isEqualTo(0.99);
        assertThat(lookups("hit")).isEqualTo(990);
    }

    @Test
    void shouldNeverServeOneTenantsAnswerToAnotherWhenBothSendTheSamePrompt() {
        // Given
        CacheKey acme = Prompts.KEYS.of(Prompts.ask("acme", "Our Q3 revenue?"), ModelClass.STANDARD, 100);
        CacheKey globex = Prompts.KEYS.of(Prompts.ask("globex", "Our Q3 revenue?"), ModelClass.STANDARD, 100);
        cache().put(acme, answer("acme: 12M"));

        // When
        Lookup forGlobex = cache().get(globex);
        cache().put(globex, answer("globex: 7M"));

        // Then
        assertThat(forGlobex).isEqualTo(Lookup.MISS);
        assertThat(cache().get(acme)).isEqualTo(new Lookup.Fresh(answer("acme: 12M")));
        assertThat(cache().get(globex)).isEqualTo(new Lookup.Fresh(answer("globex: 7M")));
    }

    @Test
    void shouldCountAStaleServeWhenTheRouterServesOne() {
        // Given
        CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Status?"), ModelClass.STANDARD, 100);

        // When
        cache().recordStaleServe(key);

        // Then
        assertThat(meters.get("keel.cache.stale_serves").counter().count()).isEqualTo(1);
        assertThat(cache().stats().staleServes()).isEqualTo(1);
    }

    @Test
    void shouldNotKeepAnAnswerWhenItIsAlreadyPastTheStaleWindow() {
        // Given
        CacheKey key = Prompts.KEYS.of(Prompts.ask("acme", "Old?"), ModelClass.STANDARD, 100);
        CachedResponse old = answer("old").withStoredAt(clock.millis() - TTL.plus(STALE_WINDOW).toMillis());

        // When
        cache().put(key, old);

        // Then
        assertThat(cache().get(key)).isEqualTo(Lookup.MISS);
    }
}
