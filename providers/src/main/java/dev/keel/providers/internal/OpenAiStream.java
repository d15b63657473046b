package dev.keel.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.providers.Usage;
import dev.keel.schemas.AttemptOutcome;

/**
 * Chat Completions chunks: {@code data: {chat.completion.chunk}} lines, an optional final chunk with
 * empty {@code choices} and the {@code usage}, then {@code data: [DONE]}. A role-only or empty delta is
 * not content. OpenAI-compatible servers report failures mid-stream as {@code data: {"error": ...}}.
 */
final class OpenAiStream implements StreamState {

    static final String DONE = "[DONE]";

    private final ObjectMapper json;
    private final StringBuilder output = new StringBuilder();
    private String model;
    private Usage usage = Usage.NONE;
    private Failure failure;

    OpenAiStream(ObjectMapper json) {
        this.json = json;
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
        JsonNode content = chunk.path("choices").path(0).path("delta").get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            output.append(content.asText());
            return Step.CONTENT;
        }
        return Step.PROGRESS;
    }

    private Step fail(Failure f) {
        failure = f;
        return Step.FAILED;
    }

    @Override
    public Failure failure() {
        return failure;
    }

    @Override
    public String output() {
        return output.toString();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String terminator() {
        return "data: " + DONE;
    }
}
