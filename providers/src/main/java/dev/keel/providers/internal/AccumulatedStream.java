package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.providers.Usage;

/**
 * What both protocols' stream states keep while events arrive: the text so far, the model and usage
 * reported, and the failure that ended the stream. Subclasses only read their protocol's events.
 * Not thread-safe: one per call, fed by the reading thread.
 */
abstract class AccumulatedStream implements StreamState {

    protected final ObjectMapper json;
    private final StringBuilder output = new StringBuilder();
    protected String model;
    protected Usage usage = Usage.NONE;
    private Failure failure;

    AccumulatedStream(ObjectMapper json) {
        this.json = json;
    }

    /** Appends a non-empty text node as content; anything else keeps the stream going without counting as a token. */
    protected final Step text(JsonNode text) {
        if (text != null && text.isTextual() && !text.asText().isEmpty()) {
            output.append(text.asText());
            return Step.CONTENT;
        }
        return Step.PROGRESS;
    }

    /** True for a non-empty reasoning text; reasoning is never part of the output. */
    protected static boolean reasoning(JsonNode text) {
        return text != null && text.isTextual() && !text.asText().isEmpty();
    }

    protected final Step fail(Failure f) {
        failure = f;
        return Step.FAILED;
    }

    @Override
    public final Failure failure() {
        return failure;
    }

    @Override
    public final String output() {
        return output.toString();
    }

    @Override
    public final String model() {
        return model;
    }

    @Override
    public final Usage usage() {
        return usage;
    }
}
