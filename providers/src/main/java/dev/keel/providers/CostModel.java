package dev.keel.providers;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * What a call cost in USD, from the provider's reported {@link Usage} and the configured prices per
 * million tokens. Because {@link Usage} buckets are disjoint, the cost is
 *
 * <pre>
 * ( inputTokens      * input
 * + cacheReadTokens  * cached-input
 * + cacheWriteTokens * (cache-write, or cache-write-1h when the cache TTL is one hour)
 * + outputTokens     * output ) / 1,000,000
 * </pre>
 *
 * Exact decimal arithmetic, no rounding. Stateless and thread-safe.
 */
public final class CostModel {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private CostModel() {
    }

    /**
     * @param cacheTtl the prompt-cache TTL the request was sent with ({@link ProviderConfig#promptCacheTtl()});
     *                 picks the cache-write price
     */
    public static BigDecimal cost(ModelPrice price, Usage usage, Duration cacheTtl) {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(usage, "usage");
        BigDecimal writePrice = ProviderConfig.CACHE_TTL_1H.equals(cacheTtl) ? price.cacheWrite1h() : price.cacheWrite();
        BigDecimal perMillion = price.input().multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(price.cachedInput().multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(writePrice.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(price.output().multiply(BigDecimal.valueOf(usage.outputTokens())));
        return perMillion.divide(MILLION);
    }

    /**
     * The most a call can cost before it is made: every input token at the uncached input price (or
     * the cache-write price when dearer) and {@code maxOutputTokens} generated. Budget guards reserve this.
     */
    public static BigDecimal worstCase(ModelPrice price, long inputTokens, long maxOutputTokens, Duration cacheTtl) {
        Objects.requireNonNull(price, "price");
        BigDecimal writePrice = ProviderConfig.CACHE_TTL_1H.equals(cacheTtl) ? price.cacheWrite1h() : price.cacheWrite();
        BigDecimal inputPrice = price.input().max(writePrice);
        return inputPrice.multiply(BigDecimal.valueOf(inputTokens))
                .add(price.output().multiply(BigDecimal.valueOf(maxOutputTokens)))
                .divide(MILLION);
    }
}
