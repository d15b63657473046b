package dev.keel.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an OpenAI Chat Completions body. Bad input is a value naming the field ({@code param} in
 * OpenAI's error format), never an exception; messages never quote prompt text. Fields that do not
 * change Keel's answer ({@code seed}, {@code logprobs}, {@code metadata}, ...) are ignored, as
 * OpenAI-compatible servers do. Stateless; thread-safe.
 */
public final class ChatCallParser {

    /** The outcome of parsing: a call, or the field that is wrong and why. */
    public sealed interface Parsed {
        record Ok(ChatCall call) implements Parsed {
        }

        record Invalid(String param, String message) implements Parsed {
        }
    }

    private static final Set<String> UNSUPPORTED = Set.of("tools", "functions", "tool_choice", "function_call", "audio", "prediction");

    private final ObjectMapper json;

    public ChatCallParser(ObjectMapper json) {
        this.json = json;
    }

    public Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid(null, "the body is not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (java.io.IOException e) {
            return new Parsed.Invalid(null, "the body could not be read");
        }
        if (root == null || !root.isObject()) {
            return new Parsed.Invalid(null, "the body must be a JSON object");
        }
        for (String field : UNSUPPORTED) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
                return new Parsed.Invalid(field, field + ": not supported by Keel's gateway");
            }
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            return new Parsed.Invalid("model", "model: required, a string (see GET /v1/models)");
        }
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            return new Parsed.Invalid("n", "n: only 1 is supported");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return new Parsed.Invalid("messages", "messages: required, a non-empty array");
        }
        StringBuilder system = new StringBuilder();
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String where = "messages[" + i + "]";
            if (!message.isObject()) {
                return new Parsed.Invalid(where, where + ": must be an object");
            }
            String role = message.path("role").asText("");
            Object text = text(message.get("content"), where + ".content");
            if (text instanceof Parsed.Invalid invalid) {
                return invalid;
            }
            switch (role) {
                case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n\n").append((String) text);
                case "user" -> turns.add(new ChatMessage(MessageRole.user, (String) text));
                case "assistant" -> turns.add(new ChatMessage(MessageRole.assistant, (String) text));
                case "" -> {
                    return new Parsed.Invalid(where + ".role", where + ".role: required (system, developer, user or assistant)");
                }
                default -> {
                    return new Parsed.Invalid(where + ".role", where + ".role: '" + abbreviate(role) + "' is not supported (system, developer, user or assistant)");
                }
            }
        }
        if (turns.stream().noneMatch(m -> m.getRole() == MessageRole.user && !m.getContent().isBlank())) {
            return new Parsed.Invalid("messages", "messages: at least one user message with text is required");
        }
        Integer maxTokens;
        try {
            maxTokens = positiveInt(root, "max_completion_tokens");
            if (maxTokens == null) {
                maxTokens = positiveInt(root, "max_tokens");
            }
        } catch (IllegalArgumentException e) {
            return new Parsed.Invalid(e.getMessage().substring(0, e.getMessage().indexOf(':')), e.getMessage());
        }
        Double temperature = null;
        JsonNode t = root.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                return new Parsed.Invalid("temperature", "temperature: a number between 0 and 2");
            }
            temperature = t.asDouble();
        }
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return new Parsed.Invalid("stream", "stream: must be true or false");
        }
        JsonNode user = root.get("user");
        if (user != null && !user.isNull() && !user.isTextual()) {
            return new Parsed.Invalid("user", "user: must be a string");
        }
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        return new Parsed.Ok(new ChatCall(model.asText(), system.isEmpty() ? null : system.toString(), turns, maxTokens, temperature,
                stream != null && stream.asBoolean(false), includeUsage, user == null || user.isNull() ? null : user.asText()));
    }

    /** A string, or the text parts of an array joined; an Invalid for anything else. */
    private static Object text(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return new Parsed.Invalid(where, where + ": required");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            return new Parsed.Invalid(where, where + ": must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = part.path("type").asText("");
            if (!"text".equals(type)) {
                return new Parsed.Invalid(where + "[" + j + "].type", where + "[" + j + "].type: only 'text' parts are supported");
            }
            if (!part.path("text").isTextual()) {
                return new Parsed.Invalid(where + "[" + j + "].text", where + "[" + j + "].text: required, a string");
            }
            text.append(text.isEmpty() ? "" : "\n").append(part.get("text").asText());
        }
        return text.toString();
    }

    private static Integer positiveInt(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
            throw new IllegalArgumentException(field + ": must be a positive integer");
        }
        return value.asInt();
    }

    private static String abbreviate(String s) {
        return s.length() <= 30 ? s : s.substring(0, 30) + "...";
    }
}
