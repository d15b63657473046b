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
 * OpenAI Chat Completions as api.openai.com writes it: {@code chat.completion} objects, streamed
 * {@code chat.completion.chunk}s ending with {@code data: [DONE]}, the usage chunk (empty
 * {@code choices}) when {@code stream_options.include_usage} is set, and {@code {"error": {...}}} bodies.
 */
final class OpenAiDialect implements Dialect {

    static final int DEFAULT_MAX_TOKENS = 1024;

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI;
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public String apiKey(SimRequest request) {
        String auth = request.header("authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    }

    @Override
    public ParsedRequest parse(SimRequest request, JsonNode body) {
        if (!body.path("model").isTextual()) {
            return invalid("you must provide a model parameter", "model");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return invalid("'messages' must contain at least one message", "messages");
        }
        StringBuilder system = null;
        List<ChatRequest.Turn> turns = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            String text = Json.text(message.get("content"));
            if (role.equals("system") || role.equals("developer")) {
                system = system == null ? new StringBuilder(text) : system.append('\n').append(text);
            } else if (role.equals("user") || role.equals("assistant") || role.equals("tool")) {
                turns.add(new ChatRequest.Turn(role, text));
            } else {
                return invalid("Invalid value for 'role': '" + role + "'", "messages");
            }
        }
        int maxTokens = body.path("max_completion_tokens").asInt(body.path("max_tokens").asInt(DEFAULT_MAX_TOKENS));
        if (maxTokens < 1) {
            return invalid("max_tokens must be at least 1", "max_tokens");
        }
        return new ParsedRequest.Valid(new ChatRequest(body.get("model").asText(), system == null ? null : system.toString(), false,
                Duration.ZERO, turns, maxTokens, body.path("stream").asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false)));
    }

    private static ParsedRequest invalid(String message, String param) {
        return new ParsedRequest.Invalid(new ErrorSpec(400, "invalid_request_error", null, message + " (param " + param + ")"));
    }

    @Override
    public Map<String, String> headers(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", requestId);
        headers.put("openai-version", "2020-10-01");
        headers.put("openai-processing-ms", "1");
        return headers;
    }

    @Override
    public byte[] error(ErrorSpec error, String requestId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode e = body.putObject("error");
        e.put("message", error.message()).put("type", error.type()).putNull("param");
        if (error.code() == null) {
            e.putNull("code");
        } else {
            e.put("code", error.code());
        }
        return Json.bytes(body);
    }

    @Override
    public ErrorSpec unauthorized(String maskedKey) {
        return new ErrorSpec(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + maskedKey
                + ". You can find your API key at https://platform.openai.com/account/api-keys.");
    }

    @Override
    public ErrorSpec rateLimited(boolean quotaExhausted) {
        return quotaExhausted
                ? new ErrorSpec(429, "insufficient_quota", "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details.")
                : new ErrorSpec(429, "requests", "rate_limit_exceeded",
                "Rate limit reached for requests per min (RPM). Please try again later.");
    }

    @Override
    public Map<String, String> rateLimitHeaders(long retryAfterMs, boolean quotaExhausted) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-remaining-requests", "0");
        if (!quotaExhausted) {
            headers.put("retry-after", Long.toString((retryAfterMs + 999) / 1000));
            headers.put("retry-after-ms", Long.toString(retryAfterMs));
            headers.put("x-ratelimit-reset-requests", retryAfterMs + "ms");
        }
        return headers;
    }

    @Override
    public ErrorSpec overloaded() {
        return new ErrorSpec(529, "server_error", "server_overloaded", "The server is overloaded. Please try again later.");
    }

    @Override
    public ErrorSpec status(int status) {
        return switch (status) {
            case 401 -> new ErrorSpec(401, "invalid_request_error", "invalid_api_key", "Unauthorized.");
            case 403 -> new ErrorSpec(403, "invalid_request_error", "unsupported_country_region_territory", "Forbidden.");
            case 404 -> new ErrorSpec(404, "invalid_request_error", "model_not_found", "The model does not exist.");
            case 429 -> rateLimited(false);
            default -> status < 500
                    ? new ErrorSpec(status, "invalid_request_error", null, "Invalid request.")
                    : new ErrorSpec(status, "server_error", null,
                    "The server had an error while processing your request. Sorry about that!");
        };
    }

    @Override
    public byte[] answer(Completion c, ChatRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", c.id()).put("object", "chat.completion").put("created", c.created()).put("model", c.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant").put("content", c.text()).putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", c.hitLimit() ? "length" : "stop");
        body.set("usage", usage(c));
        body.put("service_tier", "default").put("system_fingerprint", "fp_keelsim");
        return Json.bytes(body);
    }

    private static ObjectNode usage(Completion c) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        int prompt = c.inputTokens() + c.cacheRead();
        usage.put("prompt_tokens", prompt).put("completion_tokens", c.outputTokens())
                .put("total_tokens", prompt + c.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", c.cacheRead()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    private static String chunkHead(Completion c) {
        return "{\"id\":\"" + c.id() + "\",\"object\":\"chat.completion.chunk\",\"created\":" + c.created()
                + ",\"model\":" + Json.quote(c.model()) + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_keelsim\",";
    }

    private static String usageTail(ChatRequest request) {
        return request.includeUsage() ? ",\"usage\":null}" : "}";
    }

    @Override
    public List<String> streamStart(Completion c, ChatRequest request) {
        return List.of("data: " + chunkHead(c) + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]" + usageTail(request) + "\n\n");
    }

    @Override
    public String streamToken(Completion c, ChatRequest request, String token) {
        return "data: " + chunkHead(c) + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Json.quote(token)
                + "},\"logprobs\":null,\"finish_reason\":null}]" + usageTail(request) + "\n\n";
    }

    /** As DeepSeek, vLLM and most OpenAI-compatible reasoning servers stream it: {@code delta.reasoning_content}. */
    @Override
    public String streamReasoning(Completion c, ChatRequest request, String text) {
        return "data: " + chunkHead(c) + "\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":"
                + Json.quote(text) + "},\"logprobs\":null,\"finish_reason\":null}]" + usageTail(request) + "\n\n";
    }

    @Override
    public List<String> streamReasoningEnd(Completion c, ChatRequest request) {
        return List.of();
    }

    @Override
    public List<String> streamEnd(Completion c, ChatRequest request) {
        List<String> events = new ArrayList<>(3);
        events.add("data: " + chunkHead(c) + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\""
                + (c.hitLimit() ? "length" : "stop") + "\"}]" + usageTail(request) + "\n\n");
        if (request.includeUsage()) {
            events.add("data: " + chunkHead(c) + "\"choices\":[],\"usage\":" + Json.string(usage(c)) + "}\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    @Override
    public String streamError(String type, String message) {
        return "data: {\"error\":{\"message\":" + Json.quote(message) + ",\"type\":" + Json.quote(type)
                + ",\"param\":null,\"code\":null}}\n\n";
    }

    @Override
    public String malformedEvent(Completion c) {
        return "data: " + chunkHead(c) + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tru\n\n";
    }

    @Override
    public byte[] malformedAnswer(Completion c) {
        return ("{\"id\":\"" + c.id() + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + c.id() + "\"]]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
