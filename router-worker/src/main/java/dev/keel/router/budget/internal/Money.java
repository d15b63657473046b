package dev.keel.router.budget.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How limits read in messages: {@code $0.1830}, {@code $49.97}, {@code 180,204}. */
public final class Money {

    private Money() {
    }

    /**
     * Four decimals under a dollar (request-sized amounts), two from a dollar on; an amount too small for four
     * decimals shows two significant digits rather than a misleading $0.0000.
     */
    public static String usd(BigDecimal amount) {
        int scale = amount.abs().compareTo(BigDecimal.ONE) < 0 ? 4 : 2;
        BigDecimal rounded = amount.setScale(scale, RoundingMode.HALF_UP);
        if (rounded.signum() == 0 && amount.signum() != 0) {
            rounded = amount.round(new MathContext(2, RoundingMode.HALF_UP));
        }
        return "$" + rounded.toPlainString();
    }

    public static String tokens(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }
}
