package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * What a model costs, in USD per million tokens. {@code cached-input} is the price of a prompt-cache
 * read, {@code cache-write} of a 5-minute cache write and {@code cache-write-1h} of a one-hour write
 * (Anthropic). Unset cache prices default to the input price, which never under-states a cost.
 */
public record ModelPrice(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite,
                         @JsonProperty("cache-write-1h") BigDecimal cacheWrite1h) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        InvalidValueException.require(input, "input");
        InvalidValueException.require(output, "output");
        cachedInput = cachedInput == null ? input : cachedInput;
        cacheWrite = cacheWrite == null ? input : cacheWrite;
        cacheWrite1h = cacheWrite1h == null ? input : cacheWrite1h;
        nonNegative(input, "input");
        nonNegative(output, "output");
        nonNegative(cachedInput, "cached-input");
        nonNegative(cacheWrite, "cache-write");
        nonNegative(cacheWrite1h, "cache-write-1h");
    }

    private static void nonNegative(BigDecimal price, String field) {
        InvalidValueException.check(price.signum() >= 0, field, "must not be negative");
    }

    public static ModelPrice of(double input, double output) {
        return new ModelPrice(BigDecimal.valueOf(input), BigDecimal.valueOf(output), null, null, null);
    }

    /** USD per single token for a price per million. */
    public static BigDecimal perToken(BigDecimal perMillion) {
        return perMillion.divide(MILLION);
    }
}
