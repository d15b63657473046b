package dev.keel.router.cache;

/**
 * The class of model an answer came from, as part of the cache key: {@link #STANDARD} is the configured
 * {@code model} of whichever provider answered, {@link #CHEAPER} its {@code cheaper-model}. The key holds
 * the class rather than the provider so that an answer the secondary gave during a failover also serves
 * later requests (see the package documentation for why this is the right trade).
 */
public enum ModelClass {
    STANDARD,
    CHEAPER
}
