package dev.keel.config;

/**
 * The price a provider's model is charged at, and where it comes from: {@link #CONFIGURED} (the provider's
 * {@code prices:}) or {@code built-in <entry> (as of <date>)} ({@link BuiltInPrices}).
 */
public record PriceInForce(String model, ModelPrice price, String source) {

    public static final String CONFIGURED = "configured";
}
