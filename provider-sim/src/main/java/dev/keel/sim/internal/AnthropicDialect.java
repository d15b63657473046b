package dev.keel.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.sim.Protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages API as api.anthropic.com writes it: {@code message} objects, the streamed event
 * sequence {@code message_start, content_block_start, ping, content_block_delta*, content_block_stop,
 * message_delta, message_stop}, {@code event: error} inside a 200, and {@code {"type":"error"}} bodies.
 * Requires {@code anthropic-version} and {@code max_tokens}, as the real API does.
 */
final class AnthropicDialect implements Dialect {

    @Override
    public Protocol protocol() {
        return Protocol.ANTHROPIC;
    }

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public String apiKey(SimRequest request) {
        String key = request.header("x-api-key");
        if (key != null) {
            return key.strip();
        }
        String auth = request.header("authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    }

    @Override
    public ParsedRequest parse(SimRequest request, JsonNode body) {
        if (request.header("anthropic-version") == null) {
            return invalid("anthropic-version: header is required");
        }
        if (!body.path("model").isTextual()) {
            return invalid("model: Field required");
        }
        if (!body.path("max_tokens").canConvertToInt() || body.path("max_tokens").asInt() < 1) {
            return invalid("max_tokens: Field required");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return invalid("messages: at least one message is required");
        }
        List<ChatRequest.Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                return invalid("messages: roles must be user or assistant");
            }
            turns.add(new ChatRequest.Turn(role, Json.text(message.get("content"))));
        }
        JsonNode system = body.get("system");
        boolean cached = false;
        Duration ttl = Duration.ofMinutes(5);
        if (system != null && system.isArray()) {
            for (JsonNode block : system) {
                JsonNode cacheControl = block.get("cache_control");
                if (cacheControl != null && "ephemeral".equals(cacheControl.path("type").asText())) {
                    cached = true;
                    ttl = "1h".equals(cacheControl.path("ttl").asText()) ? Duration.ofHours(1) : Duration.ofMinutes(5);
                }
            }
        }
        String systemText = system == null || system.isNull() ? null : Json.text(system);
        return new ParsedRequest.Valid(new ChatRequest(body.get("model").asText(), systemText, cached, ttl, turns,
                body.get("max_tokens").asInt(), body.path("stream").asBoolean(false), true));
    }

    private static ParsedRequest invalid(String message) {
        return new ParsedRequest.Invalid(new ErrorSpec(400, "invalid_request_error", null, message));
    }

    @Override
    public Map<String, String> headers(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("request-id", requestId);
        headers.put("anthropic-organization-id", "5d6f0a5e-8b1c-4c8e-9a51-6b3f1e2d7c40");
        return headers;
    }

    @Override
    public byte[] error(ErrorSpec error, String requestId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", "error");
        ObjectNode e = body.putObject("error");
        e.put("type", error.type()).put("message", error.message());
        if (error.code() != null) {
            e.putObject("details").put("error_code", error.code());
        }
        body.put("request_id", requestId);
        return Json.bytes(body);
    }

    @Override
    public ErrorSpec unauthorized(String maskedKey) {
        return new ErrorSpec(401, "authentication_error", null, "invalid x-api-key");
    }

    @Override
    public ErrorSpec rateLimited(boolean quotaExhausted) {
        return quotaExhausted
                ? new ErrorSpec(429, "rate_limit_error", "enforced_spend_limit_reached",
                "Your organization has reached its monthly spend limit for its usage tier.")
                : new ErrorSpec(429, "rate_limit_error", null,
                "This request would exceed the rate limit for your organization of requests per minute.");
    }

    @Override
    public Map<String, String> rateLimitHeaders(long retryAfterMs, boolean quotaExhausted) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-ratelimit-requests-remaining", "0");
        if (!quotaExhausted) {
            headers.put("retry-after", Long.toString((retryAfterMs + 999) / 1000));
        }
        return headers;
    }

    @Override
    public ErrorSpec overloaded() {
        return new ErrorSpec(529, "overloaded_error", null, "Overloaded");
    }

    @Override
    public ErrorSpec status(int status) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status < 500 ? "invalid_request_error" : "api_error";
        };
        return new ErrorSpec(status, type, null, status >= 500 ? "Internal server error" : "Request failed");
    }

    @Override
    public byte[] answer(Completion c, ChatRequest request) {
        ObjectNode body = message(c, c.text(), c.hitLimit() ? "max_tokens" : "end_turn", c.outputTokens());
        return Json.bytes(body);
    }

    private static ObjectNode message(Completion c, String text, String stopReason, int outputTokens) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", c.id()).put("type", "message").put("role", "assistant").put("model", c.model());
        var content = body.putArray("content");
        if (text != null) {
            content.addObject().put("type", "text").put("text", text);
        }
        if (stopReason == null) {
            body.putNull("stop_reason");
        } else {
            body.put("stop_reason", stopReason);
        }
        body.putNull("stop_sequence");
        body.set("usage", usage(c, outputTokens));
        return body;
    }

    private static ObjectNode usage(Completion c, int outputTokens) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        usage.put("input_tokens", c.inputTokens())
                .put("cache_creation_input_tokens", c.cacheWrite5m() + c.cacheWrite1h())
                .put("cache_read_input_tokens", c.cacheRead());
        usage.putObject("cache_creation").put("ephemeral_5m_input_tokens", c.cacheWrite5m())
                .put("ephemeral_1h_input_tokens", c.cacheWrite1h());
        usage.put("output_tokens", outputTokens).put("service_tier", "standard");
        return usage;
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    public List<String> streamStart(Completion c, ChatRequest request) {
        ObjectNode start = Json.MAPPER.createObjectNode();
        start.put("type", "message_start");
        start.set("message", message(c, null, null, 1));
        String firstBlock = c.reasoning() ? "{\"type\":\"thinking\",\"thinking\":\"\"}" : "{\"type\":\"text\",\"text\":\"\"}";
        return List.of(
                event("message_start", Json.string(start)),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":" + firstBlock + "}"),
                event("ping", "{\"type\": \"ping\"}"));
    }

    /** With extended thinking the thinking block is index 0 and the text block index 1. */
    private static int textIndex(Completion c) {
        return c.reasoning() ? 1 : 0;
    }

    @Override
    public String streamToken(Completion c, ChatRequest request, String token) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + textIndex(c)
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + Json.quote(token) + "}}");
    }

    @Override
    public String streamReasoning(Completion c, ChatRequest request, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":"
                + Json.quote(text) + "}}");
    }

    @Override
    public List<String> streamReasoningEnd(Completion c, ChatRequest request) {
        return List.of(
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":"
                        + Json.quote("keelsim-" + c.id()) + "}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    }

    @Override
    public List<String> streamEnd(Completion c, ChatRequest request) {
        ObjectNode delta = Json.MAPPER.createObjectNode();
        delta.put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", c.hitLimit() ? "max_tokens" : "end_turn").putNull("stop_sequence");
        ObjectNode usage = usage(c, c.outputTokens());
        usage.remove("cache_creation");
        usage.remove("service_tier");
        delta.set("usage", usage);
        return List.of(
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + textIndex(c) + "}"),
                event("message_delta", Json.string(delta)),
                event("message_stop", "{\"type\":\"message_stop\"}"));
    }

    @Override
    public String streamError(String type, String message) {
        return event("error", "{\"type\":\"error\",\"error\":{\"type\":" + Json.quote(type) + ",\"message\":" + Json.quote(message) + "}}");
    }

    @Override
    public String malformedEvent(Completion c) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + textIndex(c) + ",\"delta\":{\"type\":\"text_del");
    }

    @Override
    public byte[] malformedAnswer(Completion c) {
        return ("{\"id\":\"" + c.id() + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hel")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
