package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One error taxonomy for both providers. Both put the error in an {@code error} object with a
 * {@code type} (OpenAI adds {@code code}; Anthropic adds {@code details.error_code} for spend limits),
 * so one classifier reads both. See providers/README.md for the full table. Stateless.
 */
public final class ErrorClassifier {

    /** Error types/codes that mean "out of money or over a spend limit": retrying cannot help. */
    private static final Set<String> QUOTA_CODES = Set.of(
            "insufficient_quota", "billing_error", "enforced_spend_limit_reached", "billing_hard_limit_reached");
    /** Anthropic reports a workspace spend limit or an empty balance as a 400 whose message says so. */
    private static final Pattern QUOTA_MESSAGE = Pattern.compile("credit balance|usage limits|spend limit");
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private ErrorClassifier() {
    }

    /** A non-2xx response. {@code body} may be null (unreadable or not JSON). */
    public static Failure classifyStatus(int status, JsonNode body, Duration retryAfter) {
        ErrorFields error = ErrorFields.of(body);
        String detail = error.detailOr("http " + status);
        if (error.isQuota() || status == 402) {
            return Failure.of(AttemptOutcome.QUOTA_EXHAUSTED, status == 402 && !error.isQuota() ? "http 402" : detail);
        }
        if (status == 429) {
            return new Failure(AttemptOutcome.RATE_LIMITED, detail, retryAfter);
        }
        if (status == 529 || "overloaded_error".equals(error.type())) {
            return new Failure(AttemptOutcome.OVERLOADED, detail, retryAfter);
        }
        if (status == 401 || status == 403) {
            return Failure.of(AttemptOutcome.AUTH, detail);
        }
        if (status == 400 && error.messageMatches(QUOTA_MESSAGE)) {
            return Failure.of(AttemptOutcome.QUOTA_EXHAUSTED, "spend_limit");
        }
        if (status == 408) {
            return Failure.of(AttemptOutcome.TIMEOUT, detail);
        }
        if (status == 409 || status >= 500 && status <= 599) {
            return new Failure(AttemptOutcome.SERVER_ERROR, detail, retryAfter);
        }
        if (status >= 400 && status <= 499) {
            return Failure.of(AttemptOutcome.BAD_REQUEST, detail);
        }
        return Failure.of(AttemptOutcome.PROTOCOL, "unexpected http " + status);
    }

    /**
     * An error carried inside a 200: Anthropic's {@code event: error}, an OpenAI-compatible
     * {@code {"error": ...}} chunk, or a 200 body that is an error. Known types keep their meaning
     * (an {@code overloaded_error} is still an overload); anything else is PROTOCOL.
     */
    public static Failure classifyInBand(JsonNode errorContainer) {
        ErrorFields error = ErrorFields.of(errorContainer);
        String detail = "in-stream " + error.detailOr("error");
        if (error.isQuota()) {
            return Failure.of(AttemptOutcome.QUOTA_EXHAUSTED, detail);
        }
        String type = error.type() == null ? "" : error.type();
        String code = error.code() == null ? "" : error.code();
        return switch (type) {
            case "overloaded_error" -> Failure.of(AttemptOutcome.OVERLOADED, detail);
            case "api_error", "server_error" -> Failure.of(AttemptOutcome.SERVER_ERROR, detail);
            case "rate_limit_error" -> Failure.of(AttemptOutcome.RATE_LIMITED, detail);
            default -> code.equals("rate_limit_exceeded") ? Failure.of(AttemptOutcome.RATE_LIMITED, detail)
                    : Failure.of(AttemptOutcome.PROTOCOL, detail);
        };
    }

    /** Keeps a provider-supplied token only when it looks like an identifier, so no body text leaks. */
    static String safe(String token) {
        return token != null && SAFE_TOKEN.matcher(token).matches() ? token : null;
    }

    private record ErrorFields(String type, String code, String message) {

        static ErrorFields of(JsonNode container) {
            JsonNode error = container == null ? null : container.get("error");
            if (error == null || !error.isObject()) {
                return new ErrorFields(null, null, null);
            }
            String code = text(error.get("code"));
            if (code == null) {
                code = text(error.path("details").get("error_code"));
            }
            return new ErrorFields(text(error.get("type")), code, text(error.get("message")));
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
        }

        boolean isQuota() {
            return type != null && QUOTA_CODES.contains(type) || code != null && QUOTA_CODES.contains(code);
        }

        boolean messageMatches(Pattern pattern) {
            return message != null && pattern.matcher(message.toLowerCase(Locale.ROOT)).find();
        }

        String detailOr(String fallback) {
            String c = safe(code);
            String t = safe(type);
            if (c != null && t != null && !c.equals(t)) {
                return t + "/" + c;
            }
            return c != null ? c : t != null ? t : fallback;
        }
    }
}
