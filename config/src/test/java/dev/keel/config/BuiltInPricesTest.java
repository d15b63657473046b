package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltInPricesTest {

    private static KeelConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldStartWithoutPricesWhenTheModelIsInTheBuiltInTable() {
        // Given: the minimal provider config a new user writes
        KeelConfig config = parse("""
                providers:
                  primary: {kind: openai, base-url: "https://api.openai.com/v1", api-key: sk-x, model: gpt-4o-mini}
                  secondary: {kind: anthropic, model: claude-haiku-4-5-20251001, cheaper-model: claude-3-5-haiku-latest}
                """);

        // Then
        ModelPrice mini = config.providers().primary().priceOf("gpt-4o-mini");
        assertThat(mini.input()).isEqualByComparingTo("0.15");
        assertThat(mini.cachedInput()).isEqualByComparingTo("0.075");
        assertThat(mini.output()).isEqualByComparingTo("0.60");
        ModelPrice haiku = config.providers().secondary().priceOf("claude-haiku-4-5-20251001");
        assertThat(haiku.cacheWrite()).isEqualByComparingTo("1.25");
        assertThat(haiku.cacheWrite1h()).isEqualByComparingTo("2.00");
        assertThat(config.providers().secondary().pricedAs("claude-3-5-haiku-latest").source())
                .isEqualTo("built-in claude-3-5-haiku (as of " + BuiltInPrices.DEFAULT.asOf() + ")");
    }

    @Test
    void shouldPreferTheConfiguredPriceWhenPricesNameTheModel() {
        KeelConfig config = parse("""
                providers:
                  primary: {kind: openai, model: gpt-4o-mini, prices: {gpt-4o-mini: {input: 0.2, output: 0.7}}}
                """);

        PriceInForce price = config.providers().primary().pricedAs("gpt-4o-mini");

        assertThat(price.price().input()).isEqualByComparingTo("0.2");
        assertThat(price.source()).isEqualTo(PriceInForce.CONFIGURED);
    }

    @Test
    void shouldKeepTheClearErrorWhenAModelIsNeitherConfiguredNorBuiltIn() {
        assertThatThrownBy(() -> parse("""
                providers:
                  primary: {kind: openai, model: my-finetune-7b}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keel.yaml:2: providers.primary.prices: no price for model 'my-finetune-7b'");
    }

    @Test
    void shouldNameItsSourceAndDateAndPriceEveryCurrentChatModel() {
        BuiltInPrices table = BuiltInPrices.DEFAULT;

        assertThat(table.source()).anyMatch(s -> s.contains("openai.com")).anyMatch(s -> s.contains("anthropic.com"));
        assertThat(table.asOf()).isAfter(LocalDate.of(2025, 1, 1));
        assertThat(table.models()).containsKeys("gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "o4-mini",
                "claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5");
        // Anthropic cache reads are a tenth of input, 5-minute writes 1.25x, one-hour writes 2x (Haiku 3's are rounded)
        table.models().forEach((model, price) -> {
            if (model.startsWith("claude-") && !model.equals("claude-3-haiku")) {
                assertThat(price.cachedInput()).as(model).isEqualByComparingTo(price.input().multiply(new java.math.BigDecimal("0.1")));
                assertThat(price.cacheWrite()).as(model).isEqualByComparingTo(price.input().multiply(new java.math.BigDecimal("1.25")));
                assertThat(price.cacheWrite1h()).as(model).isEqualByComparingTo(price.input().multiply(new java.math.BigDecimal("2")));
            } else {
                assertThat(price.cachedInput()).as(model).isLessThan(price.input());
            }
        });
    }

    @Test
    void shouldPrintWhichPriceIsInForceAndWhereItCameFrom() {
        KeelConfig config = parse("""
                providers:
                  primary: {kind: openai, model: gpt-4o-mini, cheaper-model: tiny, prices: {tiny: {input: 0.01, output: 0.02}}}
                """);

        String printed = ConfigPrinter.pricesInForce(config);

        assertThat(printed).startsWith("# prices in force");
        assertThat(printed).containsPattern("primary +gpt-4o-mini +input 0.15, cached-input 0.075, .*output 0.6  <- built-in gpt-4o-mini \\(as of ");
        assertThat(printed).containsPattern("primary +tiny +input 0.01, .*<- configured");
        assertThat(printed.lines()).allMatch(line -> line.startsWith("#"));
    }
}
