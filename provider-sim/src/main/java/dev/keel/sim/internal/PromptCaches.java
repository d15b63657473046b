package dev.keel.sim.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers' prompt caches, modelled on their documented behaviour:
 * <ul>
 *   <li>Anthropic: a system block marked {@code cache_control} of at least the minimum length is written
 *       on first use (billed as a cache write) and read by later calls within its TTL, each read
 *       refreshing the TTL.</li>
 *   <li>OpenAI: automatic; a prompt of at least the minimum length whose prefix (system plus earlier
 *       messages) was seen within the TTL reports that prefix, rounded down to 128 tokens, as
 *       {@code cached_tokens}.</li>
 * </ul>
 * Bounded LRU maps; time from the injected clock. Thread-safe (synchronized: cheap next to a request).
 */
final class PromptCaches {

    private static final int MAX_ENTRIES = 50_000;
    private static final int OPENAI_INCREMENT = 128;

    record AnthropicUse(int read, int write) {
    }

    private final InstantSource clock;
    private final int minTokens;
    private final Duration openAiTtl;
    private final Map<Long, Instant> anthropic = lru();
    private final Map<Long, Instant> openAi = lru();

    PromptCaches(InstantSource clock, int minTokens, Duration openAiTtl) {
        this.clock = clock;
        this.minTokens = minTokens;
        this.openAiTtl = openAiTtl;
    }

    synchronized AnthropicUse anthropic(String model, String system, Duration ttl, int systemTokens) {
        if (systemTokens < minTokens) {
            return new AnthropicUse(0, 0);
        }
        long key = TextGenerator.fnv(TextGenerator.fnv(0x84222325L, model + "|" + ttl), system);
        Instant now = clock.instant();
        Instant expiry = anthropic.get(key);
        anthropic.put(key, now.plus(ttl));
        return expiry != null && now.isBefore(expiry) ? new AnthropicUse(systemTokens, 0) : new AnthropicUse(0, systemTokens);
    }

    /**
     * @param prefixHashes  hash of each prefix (first 1, 2, ... n elements of the prompt)
     * @param prefixTokens  token count of each of those prefixes
     * @return cached tokens of the longest prefix seen within the TTL
     */
    synchronized int openAi(List<Long> prefixHashes, List<Integer> prefixTokens) {
        Instant now = clock.instant();
        int cached = 0;
        for (int k = prefixHashes.size() - 1; k >= 0; k--) {
            Instant expiry = openAi.get(prefixHashes.get(k));
            if (expiry != null && now.isBefore(expiry)) {
                int rounded = prefixTokens.get(k) / OPENAI_INCREMENT * OPENAI_INCREMENT;
                cached = rounded >= minTokens ? rounded : 0;
                break;
            }
        }
        for (Long hash : prefixHashes) {
            openAi.put(hash, now.plus(openAiTtl));
        }
        return cached;
    }

    synchronized void clear() {
        anthropic.clear();
        openAi.clear();
    }

    private static Map<Long, Instant> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
