package dev.keel.router.routing;

import dev.keel.schemas.ChatMessage;

import java.util.List;

/** Exactly what goes to a provider after the budget had its say (possibly truncated, possibly the cheaper model). */
record CallShape(String model, String system, List<ChatMessage> messages, int maxOutputTokens, Double temperature) {
}
