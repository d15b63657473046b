package dev.keel.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.keel.config.internal.KeelJacksonModule;

/**
 * The effective config as YAML, every default filled in and every secret masked
 * ({@code keel config check}). Kafka client properties whose names suggest a credential
 * ({@code *password*}, {@code *secret*}, {@code sasl.jaas.config}, {@code *key*}) are masked too.
 */
public final class ConfigPrinter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .disable(com.fasterxml.jackson.databind.MapperFeature.AUTO_DETECT_IS_GETTERS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(new KeelJacksonModule());

    private ConfigPrinter() {
    }

    /**
     * The price of every configured model (each provider's {@code model} and {@code cheaper-model}) and where it
     * came from, as YAML comment lines so the printed config stays valid YAML; empty without providers.
     */
    public static String pricesInForce(KeelConfig config) {
        StringBuilder out = new StringBuilder();
        config.providers().byName().forEach((name, provider) -> {
            java.util.List<String> models = new java.util.ArrayList<>(java.util.List.of(provider.model()));
            if (provider.cheaperModel() != null) {
                models.add(provider.cheaperModel());
            }
            for (String model : models) {
                PriceInForce p = provider.pricedAs(model);
                ModelPrice price = p.price();
                out.append(String.format(java.util.Locale.ROOT,
                        "#   %-9s %-28s input %s, cached-input %s, cache-write %s, cache-write-1h %s, output %s  <- %s%n",
                        name, model, plain(price.input()), plain(price.cachedInput()), plain(price.cacheWrite()),
                        plain(price.cacheWrite1h()), plain(price.output()), p.source()));
            }
        });
        if (out.isEmpty()) {
            return "";
        }
        return "# prices in force (USD per million tokens; built-in table from " + String.join(", ", BuiltInPrices.DEFAULT.source())
                + ")" + System.lineSeparator() + out;
    }

    private static String plain(java.math.BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    public static String toYaml(KeelConfig config) {
        KeelConfig masked = config.withKafka(new KafkaConfig(config.kafka().maskedProperties()));
        try {
            return YAML.writeValueAsString(masked);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config records always serialize", e);
        }
    }
}
