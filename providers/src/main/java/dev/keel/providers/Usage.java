package dev.keel.providers;

/**
 * Token counts of one call, normalised so the four buckets never overlap and cost is a plain sum.
 *
 * <ul>
 *   <li>OpenAI reports {@code prompt_tokens} <em>including</em> {@code prompt_tokens_details.cached_tokens}:
 *       {@code inputTokens = prompt_tokens - cached_tokens}, {@code cacheReadTokens = cached_tokens},
 *       {@code cacheWriteTokens = 0} (OpenAI does not bill cache writes).</li>
 *   <li>Anthropic reports {@code input_tokens}, {@code cache_read_input_tokens} and
 *       {@code cache_creation_input_tokens} as <em>separate</em> counts: they map one to one.</li>
 * </ul>
 *
 * @param inputTokens      billable uncached input tokens
 * @param outputTokens     generated tokens
 * @param cacheReadTokens  input tokens served from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache (Anthropic)
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** From OpenAI's counts, where cached tokens are a subset of prompt tokens. */
    public static Usage fromOpenAi(long promptTokens, long completionTokens, long cachedTokens) {
        long cached = Math.min(Math.max(cachedTokens, 0), Math.max(promptTokens, 0));
        return new Usage(Math.max(promptTokens, 0) - cached, Math.max(completionTokens, 0), cached, 0);
    }

    /** From Anthropic's counts, which are already disjoint. */
    public static Usage fromAnthropic(long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens) {
        return new Usage(Math.max(inputTokens, 0), Math.max(outputTokens, 0), Math.max(cacheReadTokens, 0),
                Math.max(cacheCreationTokens, 0));
    }

    /** Every input token the provider processed: uncached, read from cache and written to it. */
    public long totalInputTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens;
    }
}
