package dev.keel.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.schemas.AttemptOutcome;

/**
 * Chat Completions chunks: {@code data: {chat.completion.chunk}} lines, an optional final chunk with
 * empty {@code choices} and the {@code usage}, then {@code data: [DONE]}. A role-only or empty delta is
 * not content. A {@code delta.reasoning_content} (DeepSeek, vLLM, many compatible servers) or {@code delta.reasoning}
 * (OpenRouter) is reasoning: liveness, not content. OpenAI-compatible servers report failures mid-stream as
 * {@code data: {"error": ...}}.
 */
final class OpenAiStream extends AccumulatedStream {

    static final String DONE = "[DONE]";

    OpenAiStream(ObjectMapper json) {
        super(json);
    }

    @Override
    public Step accept(SseEvent event) {
        String data = event.data();
        if (DONE.equals(data.strip())) {
            return Step.END;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JsonProcessingException e) {
            return fail(Failure.of(AttemptOutcome.PROTOCOL, "malformed chunk json"));
        }
        if (chunk == null || !chunk.isObject()) {
            return fail(Failure.of(AttemptOutcome.PROTOCOL, "chunk is not a json object"));
        }
        if (chunk.hasNonNull("error") || "error".equals(event.event())) {
            return fail(ErrorClassifier.classifyInBand(chunk.has("error") ? chunk : json.createObjectNode().set("error", chunk)));
        }
        if (chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        if (chunk.path("usage").isObject()) {
            usage = OpenAiProtocol.usage(chunk.get("usage"));
        }
        JsonNode delta = chunk.path("choices").path(0).path("delta");
        Step content = text(delta.get("content"));
        if (content != Step.PROGRESS) {
            return content;
        }
        return reasoning(delta.get("reasoning_content")) || reasoning(delta.get("reasoning")) ? Step.REASONING : Step.PROGRESS;
    }

    @Override
    public String terminator() {
        return "data: " + DONE;
    }
}
