package dev.keel.router.cache;

import dev.keel.router.cache.internal.PromptNormalizer;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.PromptRequest;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The cache key recipe: pure functions from a request (and the shape actually sent) to a {@link CacheKey}.
 * Thread-safe.
 *
 * <p>The digest is SHA-256 over a length-prefixed encoding (so no two different field lists can collide
 * by concatenation) of: a recipe version, the tenant, {@code prompt_version} (absent is its own value),
 * the {@link ModelClass}, the normalized system block and messages (role and content; see
 * {@link PromptNormalizer}), {@code temperature} (absent is its own value, not the provider default,
 * which Keel cannot know), and the effective {@code max_output_tokens}. Request tags ({@code attributes},
 * {@code feature}, {@code lane}, {@code pin}, deadlines, cost caps) are not part of it: they do not change
 * the answer. The request has no tools field yet; when one is added it must join the recipe and the recipe
 * version must change.
 */
public final class CacheKeys {

    /** Bump when the recipe changes: old entries then simply stop matching. */
    static final String RECIPE = "keel.cache.v1";

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    private CacheKeys() {
    }

    /** The key of the request as the caller wrote it. */
    public static CacheKey of(PromptRequest request, ModelClass modelClass, int maxOutputTokens) {
        return of(request, request.getSystem(), request.getMessages(), modelClass, maxOutputTokens);
    }

    /**
     * The key of the shape actually sent: after {@code truncate-context} the messages differ from the
     * request's, and an answer to the truncated context must only ever serve that same truncated context.
     */
    public static CacheKey of(PromptRequest request, String system, List<ChatMessage> messages,
                              ModelClass modelClass, int maxOutputTokens) {
        Hasher h = new Hasher();
        h.text(RECIPE);
        h.text(request.getTenantId());
        h.optionalText(request.getPromptVersion());
        h.text(modelClass.name());
        h.text(PromptNormalizer.normalize(system));
        h.number(messages.size());
        for (ChatMessage message : messages) {
            h.text(message.getRole().name());
            h.text(PromptNormalizer.normalize(message.getContent()));
        }
        h.optionalText(canonicalTemperature(request.getTemperature()));
        h.number(maxOutputTokens);
        return new CacheKey(request.getTenantId(), h.hex());
    }

    private static String canonicalTemperature(Double temperature) {
        if (temperature == null) {
            return null;
        }
        if (temperature.isNaN() || temperature.isInfinite()) {
            return temperature.toString();
        }
        if (temperature == 0.0) {
            return "0"; // also -0.0
        }
        return BigDecimal.valueOf(temperature).stripTrailingZeros().toPlainString();
    }

    private static final class Hasher {
        private final MessageDigest digest;

        Hasher() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM ships SHA-256", e);
            }
        }

        void text(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            number(bytes.length);
            digest.update(bytes);
        }

        void optionalText(String value) {
            if (value == null) {
                digest.update(ABSENT);
            } else {
                digest.update(PRESENT);
                text(value);
            }
        }

        void number(long value) {
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
