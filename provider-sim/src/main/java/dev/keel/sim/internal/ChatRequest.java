package dev.keel.sim.internal;

import java.time.Duration;
import java.util.List;

/**
 * A chat request as either protocol sent it, reduced to what the simulator needs.
 *
 * @param system       the system text, or null
 * @param systemCached Anthropic: the system block carried {@code cache_control}
 * @param cacheTtl     Anthropic: the block's cache TTL (5 minutes unless {@code ttl: "1h"})
 * @param turns        role and text of each message, in order
 * @param includeUsage OpenAI streaming: {@code stream_options.include_usage}
 */
record ChatRequest(String model, String system, boolean systemCached, Duration cacheTtl, List<Turn> turns,
                   int maxTokens, boolean stream, boolean includeUsage) {

    record Turn(String role, String text) {
    }
}
