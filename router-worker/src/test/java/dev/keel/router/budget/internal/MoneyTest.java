package dev.keel.router.budget.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTest {

    @Test
    void shouldShowFourDecimalsUnderADollarAndTwoFromADollarOn() {
        assertThat(Money.usd(new BigDecimal("0.183"))).isEqualTo("$0.1830");
        assertThat(Money.usd(new BigDecimal("49.974"))).isEqualTo("$49.97");
        assertThat(Money.usd(BigDecimal.ZERO)).isEqualTo("$0.0000");
    }

    @Test
    void shouldShowSignificantDigitsWhenAnAmountIsTooSmallForFourDecimals() {
        assertThat(Money.usd(new BigDecimal("0.0000123"))).isEqualTo("$0.000012");
    }

    @Test
    void shouldGroupThousandsWhenShowingTokens() {
        assertThat(Money.tokens(180_204)).isEqualTo("180,204");
    }
}
