package dev.keel.router.cache;

import dev.keel.providers.ProviderReply;

import java.util.Objects;

/**
 * A successful answer as the cache keeps it. Freshness is judged from {@code storedAtEpochMs}, which the
 * writer takes from the same injected {@link java.time.Clock} the cache reads with.
 *
 * @param provider        the provider name that answered ({@code primary}, {@code secondary})
 * @param model           the model that answered
 * @param output          the answer text
 * @param inputTokens     as billed when the answer was first produced
 * @param outputTokens    as billed when the answer was first produced
 * @param storedAtEpochMs when the answer was produced (epoch ms)
 */
public record CachedResponse(String provider, String model, String output,
                             long inputTokens, long outputTokens, long storedAtEpochMs) {

    public CachedResponse {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(output, "output");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** A provider's successful reply as stored at {@code epochMs}: the billed input counts cached input too. */
    public static CachedResponse of(String provider, ProviderReply reply, long epochMs) {
        return new CachedResponse(provider, reply.model(), reply.output(), reply.usage().totalInputTokens(),
                reply.usage().outputTokens(), epochMs);
    }

    /** The same answer stored at another time. */
    public CachedResponse withStoredAt(long epochMs) {
        return new CachedResponse(provider, model, output, inputTokens, outputTokens, epochMs);
    }

    /** Never shows the output: it is a model answer to a prompt, which is not logged. */
    @Override
    public String toString() {
        return "CachedResponse[provider=" + provider + ", model=" + model + ", outputChars=" + output.length()
                + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", storedAt=" + storedAtEpochMs + "]";
    }
}
