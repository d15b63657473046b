package dev.keel.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One provider behind Keel ({@code providers.primary} or {@code providers.secondary}).
 *
 * @param kind             wire protocol
 * @param baseUrl          defaults to the vendor's public API for the kind
 * @param apiKey           optional (local OpenAI-compatible servers need none)
 * @param model            the model requests go to
 * @param cheaperModel     the degrade target when a request does not fit the budget
 * @param prices           USD per million tokens, by model name; {@code model} and {@code cheaper-model} must be priced
 * @param weight           share under the {@code weighted} strategy
 * @param promptCacheTtl   Anthropic prompt-cache TTL for the system block: 5m (default) or 1h
 * @param anthropicVersion the {@code anthropic-version} header
 * @param headers          extra HTTP headers (e.g. OpenRouter's {@code HTTP-Referer}); never secrets
 */
public record ProviderConfig(
        ProviderKind kind,
        URI baseUrl,
        Secret apiKey,
        String model,
        String cheaperModel,
        Map<String, ModelPrice> prices,
        Integer weight,
        Duration promptCacheTtl,
        String anthropicVersion,
        Map<String, String> headers) {

    public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    public static final Duration CACHE_TTL_5M = Duration.ofMinutes(5);
    public static final Duration CACHE_TTL_1H = Duration.ofHours(1);

    public ProviderConfig {
        InvalidValueException.require(kind, "kind");
        baseUrl = baseUrl == null ? URI.create(kind.defaultBaseUrl()) : baseUrl;
        InvalidValueException.check("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()),
                "base-url", "must be an http or https URL");
        InvalidValueException.check(baseUrl.getUserInfo() == null, "base-url", "must not carry credentials; use api-key");
        InvalidValueException.require(model, "model");
        InvalidValueException.check(!model.isBlank(), "model", "must not be blank");
        prices = Map.copyOf(prices == null ? Map.of() : prices);
        InvalidValueException.check(prices.containsKey(model), "prices", "no price for model '" + model + "'");
        if (cheaperModel != null) {
            InvalidValueException.check(prices.containsKey(cheaperModel), "prices", "no price for cheaper-model '" + cheaperModel + "'");
        }
        InvalidValueException.check(weight == null || weight >= 0, "weight", "must not be negative");
        promptCacheTtl = promptCacheTtl == null ? CACHE_TTL_5M : promptCacheTtl;
        InvalidValueException.check(promptCacheTtl.equals(CACHE_TTL_5M) || promptCacheTtl.equals(CACHE_TTL_1H),
                "prompt-cache-ttl", "must be 5m or 1h (the TTLs Anthropic offers)");
        anthropicVersion = anthropicVersion == null ? DEFAULT_ANTHROPIC_VERSION : anthropicVersion;
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        headers.keySet().forEach(h -> InvalidValueException.check(
                !h.equalsIgnoreCase("authorization") && !h.equalsIgnoreCase("x-api-key") && !h.equalsIgnoreCase("api-key"),
                "headers." + h, "credentials belong in api-key, which is never printed"));
    }

    public ModelPrice priceOf(String modelName) {
        ModelPrice price = prices.get(modelName);
        if (price == null) {
            throw new IllegalArgumentException("no price configured for model " + modelName);
        }
        return price;
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isEmpty();
    }
}
