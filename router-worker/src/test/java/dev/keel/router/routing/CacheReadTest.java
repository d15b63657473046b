package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.config.CacheConfig;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.ResponseCaches;
import dev.keel.router.cache.SingleFlight;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.testbase.MutableClock;
import dev.keel.router.support.Prompts;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache stage's lookups when the budget allows only a cached answer: which keys it reads. */
class CacheReadTest {

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ResponseCache cache = ResponseCaches.create(CacheConfig.defaults(), clock, meters);
    private final AnswerKeys keys = new AnswerKeys(Prompts.KEYS, BudgetConfig.defaults());
    private final CacheRead cacheRead = new CacheRead(cache, new SingleFlight(meters), Duration.ofSeconds(10), clock);

    @AfterEach
    void close() {
        cache.close();
    }

    private RouteState trip(PromptRequest request) {
        RequestContext context = new RequestContext("w1", "llm.requests", 0, 1, Lane.INTERACTIVE, clock.millis(), clock.millis(), false);
        return new RouteState(request, context, keys.asAsked(request));
    }

    @Test
    void shouldServeTheCheaperModelsAnswerWhenTheProviderHasACheaperModel() {
        // Given an answer only under the cheaper model's key of the request as asked (1,000 output tokens)
        PromptRequest request = PromptRequest.newBuilder(Prompts.ask("acme", "Write a poem.")).setMaxOutputTokens(1_000).build();
        cache.put(Prompts.KEYS.of(request, ModelClass.CHEAPER, 1_000), new CachedResponse("primary", "gpt-4.1-nano", "a poem", 5, 3, clock.millis()));

        // When
        Optional<PromptResult> served = cacheRead.forBudget(trip(request), Prompts.openai(), List.of(Degradation.CACHED_RESPONSE));

        // Then
        assertThat(served).hasValueSatisfying(result -> {
            assertThat(result.getOutput()).isEqualTo("a poem");
            assertThat(result.getCache()).isEqualTo(CacheOutcome.HIT);
            assertThat(result.getDegradations()).containsExactly(Degradation.CACHED_RESPONSE);
        });
    }

    @Test
    void shouldReadOnlyTheStandardKeyWhenTheProviderHasNoCheaperModel() {
        // Given
        PromptRequest request = PromptRequest.newBuilder(Prompts.ask("acme", "Write a poem.")).setMaxOutputTokens(1_000).build();
        cache.put(Prompts.KEYS.of(request, ModelClass.CHEAPER, 1_000), new CachedResponse("primary", "gpt-4.1-nano", "a poem", 5, 3, clock.millis()));
        var noCheaper = Prompts.provider(Prompts.openai().kind(), Prompts.openai().model(), null, Prompts.price("1", "2"), null);

        // When
        Optional<PromptResult> served = cacheRead.forBudget(trip(request), noCheaper, List.of(Degradation.CACHED_RESPONSE));

        // Then
        assertThat(served).isEmpty();
        cache.put(Prompts.KEYS.of(request, ModelClass.STANDARD, 1_000), new CachedResponse("primary", "gpt-4o-mini", "the poem", 5, 3, clock.millis()));
        assertThat(cacheRead.forBudget(trip(request), noCheaper, List.of())).hasValueSatisfying(r -> assertThat(r.getOutput()).isEqualTo("the poem"));
    }

    @Test
    void shouldKeyTheRequestAsAskedAtTheBudgetsOutputTokensWhenItDoesNotSay() {
        // Given
        PromptRequest request = Prompts.ask("acme", "Write a poem.");
        CacheKeys recipe = Prompts.KEYS;

        // Then: the request as asked, standard and cheaper, at the budget's default output tokens
        assertThat(keys.asAsked(request).standard()).isEqualTo(recipe.of(request, ModelClass.STANDARD, BudgetConfig.DEFAULT_OUTPUT_TOKENS));
        assertThat(keys.asAsked(request).cheaper()).isEqualTo(recipe.of(request, ModelClass.CHEAPER, BudgetConfig.DEFAULT_OUTPUT_TOKENS));
    }
}
