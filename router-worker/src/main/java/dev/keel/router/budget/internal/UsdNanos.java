package dev.keel.router.budget.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in the ledgers: whole nano-dollars (1e-9 USD) in a {@code long}, so Redis can add it exactly with
 * HINCRBY (prices per token go down to a few dozen nano-dollars). Estimates round up, actual costs round
 * half-up, limits round down: each rounding errs toward holding more, never less. Exact up to about
 * $9 million per tenant and period (2^53 nanos, where Lua's doubles stop being exact).
 */
public final class UsdNanos {

    private static final int SCALE = 9;

    private UsdNanos() {
    }

    public static long ceil(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
    }

    public static long floor(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.FLOOR).unscaledValue().longValueExact();
    }

    public static long round(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    public static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos, SCALE);
    }
}
