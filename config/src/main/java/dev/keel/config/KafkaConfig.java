package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code kafka:} section: Kafka client properties passed through as-is to every producer,
 * consumer, admin client and Streams app ({@code bootstrap.servers}, {@code security.protocol},
 * {@code sasl.jaas.config} ...). {@code bootstrap.servers} unset or {@code embedded} means Keel
 * starts its in-process broker.
 */
public record KafkaConfig(Map<String, String> properties) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String EMBEDDED = "embedded";

    public KafkaConfig {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
        properties.forEach((k, v) -> InvalidValueException.check(v != null, k, "missing value"));
    }

    @JsonCreator
    static KafkaConfig fromYaml(Map<String, Object> raw) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((k, v) -> {
                if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
                    throw new InvalidValueException(k, "Kafka client properties are flat: write '" + k + ".<name>: value'");
                }
                properties.put(k, v == null ? null : String.valueOf(v));
            });
        }
        return new KafkaConfig(properties);
    }

    public static KafkaConfig defaults() {
        return new KafkaConfig(Map.of());
    }

    @JsonValue
    public Map<String, String> properties() {
        return properties;
    }

    public boolean isEmbedded() {
        String servers = properties.get(BOOTSTRAP_SERVERS);
        return servers == null || servers.isBlank() || servers.strip().equals(EMBEDDED);
    }

    /** A copy with {@code bootstrap.servers} replaced (the {@code --bootstrap-servers} flag, or the embedded broker's address). */
    public KafkaConfig withBootstrapServers(String servers) {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.put(BOOTSTRAP_SERVERS, servers);
        return new KafkaConfig(copy);
    }

    /** The properties with credential-like values masked: for printing, logging and {@link #toString()}. */
    public Map<String, String> maskedProperties() {
        Map<String, String> masked = new LinkedHashMap<>();
        properties.forEach((k, v) -> masked.put(k, isSensitive(k) ? Secret.MASK : v));
        return masked;
    }

    /** Whether a Kafka property name suggests a credential ({@code *password*}, {@code *secret*}, {@code sasl.jaas.config}, {@code *.key}, {@code *token*}). */
    public static boolean isSensitive(String property) {
        String k = property.toLowerCase();
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.endsWith(".key") || k.contains("token");
    }

    @Override
    public String toString() {
        return "KafkaConfig" + maskedProperties();
    }

    /** Client properties with Keel's choices for a given client laid under the user's. */
    public Map<String, Object> clientProperties(Map<String, Object> keelDefaults) {
        Map<String, Object> merged = new LinkedHashMap<>(keelDefaults);
        merged.putAll(properties);
        return merged;
    }
}
