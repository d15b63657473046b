package dev.keel.providers;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Worked examples, arithmetic written out. Prices are USD per million tokens. */
class CostModelTest {

    /** gpt-4o-mini: input 0.15, output 0.60, cached input 0.075. */
    private static final ModelPrice GPT_4O_MINI = new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.60"),
            new BigDecimal("0.075"), null, null);
    /** claude-haiku-4-5: input 1.00, output 5.00, cache read 0.10, cache write 1.25 (5 m) / 2.00 (1 h). */
    private static final ModelPrice HAIKU_4_5 = new ModelPrice(new BigDecimal("1.00"), new BigDecimal("5.00"),
            new BigDecimal("0.10"), new BigDecimal("1.25"), new BigDecimal("2.00"));

    @Test
    void shouldNotDoubleCountOpenAiCachedTokensWhichArePartOfPromptTokens() {
        // Given: OpenAI reports prompt_tokens=2000 of which cached_tokens=1536, completion_tokens=300
        Usage usage = Usage.fromOpenAi(2000, 300, 1536);

        // When
        BigDecimal cost = CostModel.cost(GPT_4O_MINI, usage, null);

        // Then:   uncached  (2000-1536) =  464 x 0.15  =  69.6
        //       + cached          1536       x 0.075 = 115.2
        //       + output           300       x 0.60  = 180.0
        //       = 364.8 per million                   = $0.0003648
        assertThat(usage).isEqualTo(new Usage(464, 300, 1536, 0));
        assertThat(cost).isEqualByComparingTo("0.0003648");
    }

    @Test
    void shouldPriceOpenAiWithoutCacheAsPlainInputAndOutput() {
        // 1000 x 0.15 = 150 ; 500 x 0.60 = 300 ; 450 / 1e6 = $0.00045
        assertThat(CostModel.cost(GPT_4O_MINI, Usage.fromOpenAi(1000, 500, 0), null)).isEqualByComparingTo("0.00045");
    }

    @Test
    void shouldPriceAnthropicCacheWriteAtFiveMinuteRateOnFirstCall() {
        // Given: input_tokens=50, cache_creation_input_tokens=2000, cache_read_input_tokens=0, output_tokens=400
        Usage usage = Usage.fromAnthropic(50, 400, 0, 2000);

        // When
        BigDecimal cost = CostModel.cost(HAIKU_4_5, usage, ProviderConfig.CACHE_TTL_5M);

        // Then:   input    50 x 1.00 =   50
        //       + write  2000 x 1.25 = 2500
        //       + output  400 x 5.00 = 2000
        //       = 4550 per million     = $0.00455
        assertThat(cost).isEqualByComparingTo("0.00455");
    }

    @Test
    void shouldPriceAnthropicCacheReadOnLaterCalls() {
        // Given: the same system block is read from the cache
        Usage usage = Usage.fromAnthropic(50, 400, 2000, 0);

        // When
        BigDecimal cost = CostModel.cost(HAIKU_4_5, usage, ProviderConfig.CACHE_TTL_5M);

        // Then: 50 x 1.00 + 2000 x 0.10 + 400 x 5.00 = 50 + 200 + 2000 = 2250 -> $0.00225
        assertThat(cost).isEqualByComparingTo("0.00225");
    }

    @Test
    void shouldPriceAnthropicCacheWriteAtOneHourRateWhenTtlIsOneHour() {
        // 50 x 1.00 + 2000 x 2.00 + 400 x 5.00 = 50 + 4000 + 2000 = 6050 -> $0.00605
        assertThat(CostModel.cost(HAIKU_4_5, Usage.fromAnthropic(50, 400, 0, 2000), ProviderConfig.CACHE_TTL_1H))
                .isEqualByComparingTo("0.00605");
    }

    @Test
    void shouldDefaultCachePricesToInputPriceWhenNotConfigured() {
        // Given: only input and output priced; cached tokens then cost full input price (never under-stated)
        ModelPrice plain = ModelPrice.of(2.0, 8.0);

        // When / Then: (100 + 900) x 2.00 + 10 x 8.00 = 2000 + 80 = 2080 -> $0.00208
        assertThat(CostModel.cost(plain, Usage.fromOpenAi(1000, 10, 900), null)).isEqualByComparingTo("0.00208");
    }

    @Test
    void shouldReserveWorstCaseAtTheDearerOfInputAndCacheWrite() {
        // 1000 input x max(1.00, 1.25) = 1250 ; 1024 output x 5.00 = 5120 ; 6370 -> $0.00637
        assertThat(CostModel.worstCase(HAIKU_4_5, 1000, 1024, ProviderConfig.CACHE_TTL_5M)).isEqualByComparingTo("0.00637");
        // 1000 x 0.15 + 1024 x 0.60 = 150 + 614.4 = 764.4 -> $0.0007644
        assertThat(CostModel.worstCase(GPT_4O_MINI, 1000, 1024, null)).isEqualByComparingTo("0.0007644");
    }

    @Test
    void shouldClampOpenAiCachedTokensToPromptTokensWhenServerOverReports() {
        assertThat(Usage.fromOpenAi(100, 5, 300)).isEqualTo(new Usage(0, 5, 100, 0));
    }
}
