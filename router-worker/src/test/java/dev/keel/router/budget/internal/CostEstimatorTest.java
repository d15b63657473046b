package dev.keel.router.budget.internal;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CostEstimatorTest {

    private static ProviderConfig anthropic(Duration promptCacheTtl) {
        ModelPrice price = new ModelPrice(new BigDecimal("1.00"), new BigDecimal("5.00"), new BigDecimal("0.10"),
                new BigDecimal("1.25"), new BigDecimal("2.00"));
        return new ProviderConfig(ProviderKind.ANTHROPIC, null, null, "claude-haiku-4-5", null,
                Map.of("claude-haiku-4-5", price), null, promptCacheTtl, null, null);
    }

    @Test
    void shouldPriceInputAndMaxOutputWhenEstimatingTheWorstCase() {
        // Given
        ProviderConfig openai = new ProviderConfig(ProviderKind.OPENAI, null, null, "gpt-4o-mini", null,
                Map.of("gpt-4o-mini", ModelPrice.of(0.15, 0.60)), null, null, null, null);

        // When
        BigDecimal worst = CostEstimator.of(openai, "gpt-4o-mini").worstCase(10_000, 2_000, 1_000);

        // Then: 10,000 x 0.15 / 1M + 1,000 x 0.60 / 1M (no surcharge on OpenAI's automatic caching)
        assertThat(worst).isEqualByComparingTo("0.0021");
    }

    @Test
    void shouldPriceTheSystemBlockAtTheCacheWritePriceWhenAnthropicChargesMoreForIt() {
        // When
        BigDecimal fiveMinutes = CostEstimator.of(anthropic(ProviderConfig.CACHE_TTL_5M), "claude-haiku-4-5").worstCase(10_000, 2_000, 1_000);
        BigDecimal oneHour = CostEstimator.of(anthropic(ProviderConfig.CACHE_TTL_1H), "claude-haiku-4-5").worstCase(10_000, 2_000, 1_000);

        // Then: 2,000 x 1.25 + 8,000 x 1.00 + 1,000 x 5.00 (per million); the 1h write costs 2.00
        assertThat(fiveMinutes).isEqualByComparingTo("0.0155");
        assertThat(oneHour).isEqualByComparingTo("0.0170");
    }

    @Test
    void shouldTellHowManyInputTokensACapAffordsWhenPlanningATruncation() {
        // Given
        CostEstimator estimator = CostEstimator.of(anthropic(ProviderConfig.CACHE_TTL_5M), "claude-haiku-4-5");

        // When
        int affordable = estimator.affordableInputTokens(new BigDecimal("0.0155"), 2_000, 1_000);

        // Then
        assertThat(affordable).isEqualTo(10_000);
        assertThat(estimator.worstCase(affordable, 2_000, 1_000)).isEqualByComparingTo("0.0155");
        assertThat(estimator.worstCase(affordable + 1, 2_000, 1_000)).isGreaterThan(new BigDecimal("0.0155"));
        assertThat(estimator.affordableInputTokens(new BigDecimal("0.001"), 2_000, 1_000)).isEqualTo(-1);
    }
}
