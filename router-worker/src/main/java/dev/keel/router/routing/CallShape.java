package dev.keel.router.routing;

import dev.keel.providers.CallTimeouts;
import dev.keel.providers.ChatTurn;
import dev.keel.providers.ProviderCall;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;

import java.util.List;

/** Exactly what goes to a provider after the budget had its say (possibly truncated, possibly the cheaper model). */
record CallShape(String model, String system, List<ChatMessage> messages, int maxOutputTokens, Double temperature) {

    /** The streamed provider call of this shape for {@code requestId}, bounded by {@code timeouts}. */
    ProviderCall toCall(String requestId, CallTimeouts timeouts) {
        List<ChatTurn> turns = messages.stream()
                .map(m -> m.getRole() == MessageRole.user ? ChatTurn.user(m.getContent()) : ChatTurn.assistant(m.getContent()))
                .toList();
        return new ProviderCall(requestId, model, system, turns, maxOutputTokens, temperature, true, timeouts);
    }
}
