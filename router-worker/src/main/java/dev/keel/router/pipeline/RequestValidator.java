package dev.keel.router.pipeline;

import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;

import java.util.Optional;
import java.util.Set;

/**
 * Checks a decoded request before any provider is called. Problems are values (a message naming the
 * field), never exceptions; messages never quote prompt text.
 */
public final class RequestValidator {

    static final int MAX_ID_LENGTH = 256;

    private final Set<String> providers;

    public RequestValidator(Set<String> providers) {
        this.providers = Set.copyOf(providers);
    }

    public Optional<String> problem(PromptRequest request) {
        if (blank(request.getRequestId())) {
            return Optional.of("request_id: missing");
        }
        if (request.getRequestId().length() > MAX_ID_LENGTH) {
            return Optional.of("request_id: longer than " + MAX_ID_LENGTH + " characters");
        }
        if (blank(request.getTenantId())) {
            return Optional.of("tenant_id: missing");
        }
        if (blank(request.getFeature())) {
            return Optional.of("feature: missing");
        }
        if (request.getMessages().isEmpty()) {
            return Optional.of("messages: empty");
        }
        boolean hasUserText = false;
        for (ChatMessage message : request.getMessages()) {
            hasUserText |= message.getRole() == MessageRole.user && !blank(message.getContent());
        }
        if (!hasUserText) {
            return Optional.of("messages: no user message with text");
        }
        if (request.getPin() != null && !providers.contains(request.getPin())) {
            return Optional.of("pin: no provider named '" + abbreviate(request.getPin()) + "' (configured: "
                    + String.join(", ", providers.stream().sorted().toList()) + ")");
        }
        if (request.getMaxOutputTokens() != null && request.getMaxOutputTokens() <= 0) {
            return Optional.of("max_output_tokens: must be positive");
        }
        if (request.getTemperature() != null && (request.getTemperature() < 0 || request.getTemperature() > 2)) {
            return Optional.of("temperature: must be between 0 and 2");
        }
        if (request.getMaxCostUsd() != null && !(request.getMaxCostUsd() > 0)) {
            return Optional.of("max_cost_usd: must be positive");
        }
        if (request.getReplyTo() != null && !request.getReplyTo().matches("[A-Za-z0-9._-]{1,249}")) {
            return Optional.of("reply_to: not a valid topic name");
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
