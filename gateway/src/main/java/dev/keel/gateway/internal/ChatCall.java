package dev.keel.gateway.internal;

import dev.keel.schemas.ChatMessage;

import java.util.List;

/**
 * A chat completion request as the gateway understood it, before it becomes a PromptRequest.
 *
 * @param model          the alias the caller named
 * @param system         the system and developer messages joined, or null
 * @param messages       user and assistant turns
 * @param maxTokens      {@code max_completion_tokens}, else {@code max_tokens}, or null
 * @param includeUsage   {@code stream_options.include_usage}
 */
public record ChatCall(String model, String system, List<ChatMessage> messages, Integer maxTokens, Double temperature,
                       boolean stream, boolean includeUsage, String user) {

    public ChatCall {
        messages = List.copyOf(messages);
    }
}
