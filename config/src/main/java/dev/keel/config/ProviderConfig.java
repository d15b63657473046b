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
 *                         here or in {@link BuiltInPrices} (a price here wins over the built-in one)
 * @param weight           share under the {@code weighted} strategy
 * @param promptCacheTtl   Anthropic prompt-cache TTL for the system block: 5m (default) or 1h
 * @param anthropicVersion the {@code anthropic-version} header
 * @param headers          extra HTTP headers (e.g. OpenRouter's {@code HTTP-Referer}); never secrets
 * @param secretHeaders    extra HTTP headers whose values are credentials, e.g. Helicone's {@code Helicone-Auth:
 *                         Bearer ${HELICONE_API_KEY}} when {@code base-url} points at a gateway; masked like {@code api-key}
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
        Map<String, String> headers,
        Map<String, Secret> secretHeaders) {

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
        InvalidValueException.check(isPriced(prices, model), "prices", "no price for model '" + model + "'" + NOT_BUILT_IN);
        if (cheaperModel != null) {
            InvalidValueException.check(isPriced(prices, cheaperModel), "prices",
                    "no price for cheaper-model '" + cheaperModel + "'" + NOT_BUILT_IN);
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
        // An empty value (an unset ${VAR:-}) sends no header, so one config serves with and without the gateway.
        secretHeaders = (secretHeaders == null ? Map.<String, Secret>of() : secretHeaders).entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        for (String h : secretHeaders.keySet()) {
            InvalidValueException.check(!h.equalsIgnoreCase("authorization") && !h.equalsIgnoreCase("x-api-key"),
                    "secret-headers." + h, "the provider's own key belongs in api-key");
            InvalidValueException.check(headers.keySet().stream().noneMatch(h::equalsIgnoreCase),
                    "secret-headers." + h, "also set under headers");
        }
    }

    /** A provider without secret headers (the form before {@code secret-headers} existed). */
    public ProviderConfig(ProviderKind kind, URI baseUrl, Secret apiKey, String model, String cheaperModel, Map<String, ModelPrice> prices,
                          Integer weight, Duration promptCacheTtl, String anthropicVersion, Map<String, String> headers) {
        this(kind, baseUrl, apiKey, model, cheaperModel, prices, weight, promptCacheTtl, anthropicVersion, headers, null);
    }

    private static final String NOT_BUILT_IN = " (not in Keel's built-in prices either: name it under prices with input and output)";

    private static boolean isPriced(Map<String, ModelPrice> prices, String modelName) {
        return prices.containsKey(modelName) || BuiltInPrices.DEFAULT.find(modelName).isPresent();
    }

    /** The price of {@code modelName}: from {@code prices} when it names the model, else the built-in table. */
    public ModelPrice priceOf(String modelName) {
        return pricedAs(modelName).price();
    }

    /** The price of {@code modelName} and where it comes from. */
    public PriceInForce pricedAs(String modelName) {
        ModelPrice configured = prices.get(modelName);
        if (configured != null) {
            return new PriceInForce(modelName, configured, PriceInForce.CONFIGURED);
        }
        String entry = BuiltInPrices.DEFAULT.entryFor(modelName)
                .orElseThrow(() -> new IllegalArgumentException("no price configured for model " + modelName));
        return new PriceInForce(modelName, BuiltInPrices.DEFAULT.find(entry).orElseThrow(), "built-in " + entry
                + " (as of " + BuiltInPrices.DEFAULT.asOf() + ")");
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isEmpty();
    }
}
