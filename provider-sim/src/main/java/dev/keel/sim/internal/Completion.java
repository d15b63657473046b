package dev.keel.sim.internal;

import java.util.List;

/**
 * A generated answer and its usage in the simulator's own terms (disjoint counts); each dialect
 * reports them its provider's way.
 *
 * @param inputTokens    uncached input tokens
 * @param cacheRead      input tokens read from the prompt cache
 * @param cacheWrite5m   input tokens written with a 5-minute TTL (Anthropic)
 * @param cacheWrite1h   input tokens written with a one-hour TTL (Anthropic)
 * @param hitLimit       the answer stopped at {@code max_tokens}
 * @param reasoning      the answer starts with reasoning (streamed: a thinking block / reasoning deltas first)
 */
record Completion(String id, String model, long created, List<String> tokens, int inputTokens, int cacheRead,
                  int cacheWrite5m, int cacheWrite1h, boolean hitLimit, boolean reasoning) {

    Completion withReasoning(boolean on) {
        return new Completion(id, model, created, tokens, inputTokens, cacheRead, cacheWrite5m, cacheWrite1h, hitLimit, on);
    }

    int outputTokens() {
        return tokens.size();
    }

    String text() {
        return String.join("", tokens);
    }
}
