package dev.keel.router.budget.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How limits read in messages: {@code $0.1830}, {@code $49.97}, {@code 180,204}. */
public final class Money {

    private Money() {
    }

    /** Four decimals under a dollar (request-sized amounts), two from a dollar on. */
    public static String usd(BigDecimal amount) {
        int scale = amount.abs().compareTo(BigDecimal.ONE) < 0 ? 4 : 2;
        return "$" + amount.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    public static String tokens(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }
}
