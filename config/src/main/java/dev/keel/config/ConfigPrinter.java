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

    public static String toYaml(KeelConfig config) {
        KeelConfig masked = config.withKafka(new KafkaConfig(config.kafka().maskedProperties()));
        try {
            return YAML.writeValueAsString(masked);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config records always serialize", e);
        }
    }
}
