package dev.keel.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.sim.Protocol;

import java.util.List;
import java.util.Map;

/**
 * One provider's wire format, byte for byte as its official SDK expects it: request parsing, error
 * bodies, whole answers and stream events (each returned as complete SSE text, blank line included).
 * Stateless and thread-safe.
 */
interface Dialect {

    Protocol protocol();

    String path();

    /** The API key the request carries, or null. */
    String apiKey(SimRequest request);

    /** @return the {@link ChatRequest}, or the {@link ErrorSpec} (400) saying what is wrong */
    ParsedRequest parse(SimRequest request, JsonNode body);

    Map<String, String> headers(String requestId);

    byte[] error(ErrorSpec error, String requestId);

    ErrorSpec unauthorized(String maskedKey);

    ErrorSpec rateLimited(boolean quotaExhausted);

    Map<String, String> rateLimitHeaders(long retryAfterMs, boolean quotaExhausted);

    ErrorSpec overloaded();

    ErrorSpec status(int status);

    byte[] answer(Completion completion, ChatRequest request);

    List<String> streamStart(Completion completion, ChatRequest request);

    String streamToken(Completion completion, ChatRequest request, String token);

    /** One reasoning delta (after {@link #streamStart} of a completion that reasons). */
    String streamReasoning(Completion completion, ChatRequest request, String text);

    /** What closes the reasoning and opens the answer (Anthropic: signature, block stop, text block start). */
    List<String> streamReasoningEnd(Completion completion, ChatRequest request);

    List<String> streamEnd(Completion completion, ChatRequest request);

    String streamError(String type, String message);

    String malformedEvent(Completion completion);

    byte[] malformedAnswer(Completion completion);
}
