package dev.keel.router.cache.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.keel.router.cache.CachedResponse;

import java.util.Optional;

/**
 * A cached answer as the JSON string Redis holds:
 * {@code {"provider","model","output","input_tokens","output_tokens","stored_at_epoch_ms"}}.
 * Readable with {@code redis-cli GET}. Thread-safe.
 */
public final class CachedResponseCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CachedResponseCodec() {
    }

    public static String encode(CachedResponse response) {
        try {
            return MAPPER.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and longs always serializes", e);
        }
    }

    /** Empty when the stored text is not a cached answer (corrupt or foreign value). */
    public static Optional<CachedResponse> decode(String json) {
        try {
            return Optional.of(MAPPER.readValue(json, CachedResponse.class));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
