package dev.keel.router.budget.internal;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The worst-case cost of one call at the price of the model about to be used:
 * <pre>  input tokens × input price + max output tokens × output price</pre>
 * (prices per million). Prompt-cache discounts are ignored: a read that would be cheaper is priced as plain
 * input, so the estimate never relies on a cache hit. Surcharges are not ignored: Anthropic bills writing
 * the {@code cache_control} system block at {@code cache-write} (or {@code cache-write-1h}), so for an
 * Anthropic provider the system block's tokens are priced at the higher of that and the input price.
 * Immutable.
 */
public record CostEstimator(BigDecimal inputPerMillion, BigDecimal systemPerMillion, BigDecimal outputPerMillion) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public static CostEstimator of(ProviderConfig provider, String model) {
        ModelPrice price = provider.priceOf(model);
        BigDecimal system = price.input();
        if (provider.kind() == ProviderKind.ANTHROPIC) {
            BigDecimal write = ProviderConfig.CACHE_TTL_1H.equals(provider.promptCacheTtl()) ? price.cacheWrite1h() : price.cacheWrite();
            system = system.max(write);
        }
        return new CostEstimator(price.input(), system, price.output());
    }

    /**
     * @param inputTokens  all input tokens, the system block's included
     * @param systemTokens the system block's share of {@code inputTokens}
     */
    public BigDecimal worstCase(int inputTokens, int systemTokens, int maxOutputTokens) {
        BigDecimal micro = systemPerMillion.multiply(BigDecimal.valueOf(systemTokens))
                .add(inputPerMillion.multiply(BigDecimal.valueOf(inputTokens - systemTokens)))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(maxOutputTokens)));
        return micro.divide(MILLION);
    }

    /**
     * The most input tokens (system block included) whose worst case fits {@code capUsd}; -1 when the system
     * block and the output alone exceed it.
     */
    public int affordableInputTokens(BigDecimal capUsd, int systemTokens, int maxOutputTokens) {
        BigDecimal room = capUsd.multiply(MILLION)
                .subtract(outputPerMillion.multiply(BigDecimal.valueOf(maxOutputTokens)))
                .subtract(systemPerMillion.multiply(BigDecimal.valueOf(systemTokens)));
        if (room.signum() < 0) {
            return -1;
        }
        if (inputPerMillion.signum() == 0) {
            return Integer.MAX_VALUE;
        }
        BigDecimal more = room.divide(inputPerMillion, 0, RoundingMode.FLOOR);
        return more.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE - (long) systemTokens)) >= 0
                ? Integer.MAX_VALUE : systemTokens + more.intValue();
    }
}
