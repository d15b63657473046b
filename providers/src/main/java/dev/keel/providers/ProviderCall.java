package dev.keel.providers;

import java.util.List;
import java.util.Objects;

/**
 * One request to a provider, already shaped by the router (budget, degradation, model choice).
 *
 * @param requestId       Keel's request id, for log context only (never sent as a prompt)
 * @param model           the model to ask for
 * @param system          the stable system block, or null; Anthropic gets it with {@code cache_control}
 * @param messages        the conversation, oldest first; at least one turn
 * @param maxOutputTokens upper bound on generated tokens ({@code max_tokens} on the wire)
 * @param temperature     null leaves the provider's default
 * @param stream          true streams the answer (server-sent events), which makes TTFT measurable
 * @param timeouts        TTFT, idle and total timeouts of this call
 */
public record ProviderCall(String requestId, String model, String system, List<ChatTurn> messages,
                           int maxOutputTokens, Double temperature, boolean stream, CallTimeouts timeouts) {

    public ProviderCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a provider call needs at least one message");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive, got " + maxOutputTokens);
        }
        timeouts = timeouts == null ? CallTimeouts.defaults() : timeouts;
    }

    /** Prompt text never goes into a log line, so it is left out of the string form. */
    @Override
    public String toString() {
        return "ProviderCall[requestId=" + requestId + ", model=" + model + ", turns=" + messages.size()
                + ", system=" + (system != null) + ", maxOutputTokens=" + maxOutputTokens + ", stream=" + stream + "]";
    }
}
