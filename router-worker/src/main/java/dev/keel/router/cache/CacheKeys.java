package dev.keel.router.cache;

import dev.keel.config.ProviderConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.router.cache.internal.PromptNormalizer;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.PromptRequest;

import java.math.BigDecimal;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cache key recipe: functions from a request (and the shape actually sent) to a {@link CacheKey}, for one
 * provider configuration. Immutable and thread-safe; one per worker.
 *
 * <p>The digest is SHA-256 over a length-prefixed encoding (so no two different field lists can collide
 * by concatenation) of: a recipe version, the tenant, {@code prompt_version} (absent is its own value),
 * the {@link ModelClass} and the configuration fingerprint of that class (every configured provider's kind and
 * model of the class, e.g. {@code primary=openai/gpt-4o-mini;secondary=anthropic/claude-haiku-4-5}, so a model
 * changed in {@code keel.yaml} misses instead of serving the old model's answers), the normalized system block and messages (role and content; see
 * {@link PromptNormalizer}), {@code temperature} (absent is its own value, not the provider default,
 * which Keel cannot know), and the effective {@code max_output_tokens}. Request tags ({@code attributes},
 * {@code feature}, {@code lane}, {@code pin}, deadlines, cost caps) are not part of it: they do not change
 * the answer. The request has no tools field yet; when one is added it must join the recipe and the recipe
 * version must change.
 */
public final class CacheKeys {

    /** Bump when the recipe changes: old entries then simply stop matching. */
    static final String RECIPE = "keel.cache.v2";

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    private final Map<ModelClass, String> fingerprints;

    private CacheKeys(Map<ModelClass, String> fingerprints) {
        this.fingerprints = Map.copyOf(fingerprints);
    }

    /** The recipe for this provider configuration. */
    public static CacheKeys forProviders(ProvidersConfig providers) {
        Map<ModelClass, String> fingerprints = new EnumMap<>(ModelClass.class);
        for (ModelClass modelClass : ModelClass.values()) {
            fingerprints.put(modelClass, providers.byName().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().kind().id() + "/" + modelOf(e.getValue(), modelClass))
                    .collect(Collectors.joining(";")));
        }
        return new CacheKeys(fingerprints);
    }

    private static String modelOf(ProviderConfig provider, ModelClass modelClass) {
        if (modelClass == ModelClass.STANDARD) {
            return provider.model();
        }
        return provider.cheaperModel() == null ? "-" : provider.cheaperModel();
    }

    /** What the configuration contributes to a key of {@code modelClass} (kinds and models); holds no secret. */
    public String fingerprint(ModelClass modelClass) {
        return fingerprints.get(modelClass);
    }

    /** The key of the request as the caller wrote it. */
    public CacheKey of(PromptRequest request, ModelClass modelClass, int maxOutputTokens) {
        return of(request, request.getSystem(), request.getMessages(), modelClass, maxOutputTokens);
    }

    /**
     * The key of the shape actually sent: after {@code truncate-context} the messages differ from the
     * request's, and an answer to the truncated context must only ever serve that same truncated context.
     */
    public CacheKey of(PromptRequest request, String system, List<ChatMessage> messages,
                              ModelClass modelClass, int maxOutputTokens) {
        return key(request, modelClass, prompt(system, messages), maxOutputTokens);
    }

    /**
     * The keys of the request as the caller wrote it at both model classes: the prompt is normalized and
     * encoded once for the two (normalizing is most of a key's cost). Equal to {@link #of} of each.
     */
    public AsAsked asAsked(PromptRequest request, int maxOutputTokens) {
        byte[] prompt = prompt(request.getSystem(), request.getMessages());
        return new AsAsked(key(request, ModelClass.STANDARD, prompt, maxOutputTokens),
                key(request, ModelClass.CHEAPER, prompt, maxOutputTokens));
    }

    /** A request's keys as asked, at the standard and at the cheaper model. */
    public record AsAsked(CacheKey standard, CacheKey cheaper) {

        public CacheKey of(ModelClass modelClass) {
            return modelClass == ModelClass.CHEAPER ? cheaper : standard;
        }
    }

    private CacheKey key(PromptRequest request, ModelClass modelClass, byte[] prompt, int maxOutputTokens) {
        Hasher h = new Hasher();
        h.text(RECIPE);
        h.text(request.getTenantId());
        h.optionalText(request.getPromptVersion());
        h.text(modelClass.name());
        h.text(fingerprints.get(modelClass));
        h.bytes(prompt);
        h.optionalText(canonicalTemperature(request.getTemperature()));
        h.number(maxOutputTokens);
        return new CacheKey(request.getTenantId(), h.hex());
    }

    /** The normalized system block and messages, encoded as the digest takes them (length-prefixed). */
    private static byte[] prompt(String system, List<ChatMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        text(out, PromptNormalizer.normalize(system));
        number(out, messages.size());
        for (ChatMessage message : messages) {
            text(out, message.getRole().name());
            text(out, PromptNormalizer.normalize(message.getContent()));
        }
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        number(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void number(ByteArrayOutputStream out, long value) {
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
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
        /** Never updated, only cloned: a provider look-up per key ({@code getInstance}) costs more than the hashing. */
        private static final MessageDigest PROTOTYPE = sha256();

        private final MessageDigest digest;

        Hasher() {
            MessageDigest copy;
            try {
                copy = (MessageDigest) PROTOTYPE.clone();
            } catch (CloneNotSupportedException e) {
                copy = sha256();
            }
            digest = copy;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
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

        void bytes(byte[] encoded) {
            digest.update(encoded);
        }

        void number(long value) {
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
