package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.providers.ChatTurn;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.Usage;
import dev.keel.schemas.AttemptOutcome;

import java.net.URI;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Anthropic Messages API ({@code POST {base}/v1/messages}, {@code x-api-key}, {@code anthropic-version}).
 * The system block goes as one text block with {@code cache_control: {type: ephemeral}}, plus
 * {@code ttl: "1h"} when the provider's {@code prompt-cache-ttl} is one hour, so a stable system
 * prompt is written once and read cheaply afterwards.
 */
final class AnthropicProtocol implements WireProtocol {

    private final ObjectMapper json;
    private final String version;
    private final Duration cacheTtl;

    AnthropicProtocol(ObjectMapper json, String version, Duration cacheTtl) {
        this.json = json;
        this.version = version;
        this.cacheTtl = cacheTtl;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.ANTHROPIC;
    }

    @Override
    public URI endpoint(URI baseUrl) {
        return Endpoints.resolve(baseUrl, "v1/messages");
    }

    @Override
    public void addHeaders(BiConsumer<String, String> header, Secret apiKey) {
        header.accept("anthropic-version", version);
        if (apiKey != null && !apiKey.isEmpty()) {
            header.accept("x-api-key", apiKey.reveal());
        }
    }

    @Override
    public byte[] requestBody(ProviderCall call) {
        ObjectNode body = json.createObjectNode();
        body.put("model", call.model());
        body.put("max_tokens", call.maxOutputTokens());
        if (call.system() != null) {
            ObjectNode block = body.putArray("system").addObject();
            block.put("type", "text").put("text", call.system());
            ObjectNode cacheControl = block.putObject("cache_control").put("type", "ephemeral");
            if (ProviderConfig.CACHE_TTL_1H.equals(cacheTtl)) {
                cacheControl.put("ttl", "1h");
            }
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatTurn turn : call.messages()) {
            messages.addObject().put("role", turn.role().wireName()).put("content", turn.content());
        }
        if (call.temperature() != null) {
            body.put("temperature", call.temperature());
        }
        if (call.stream()) {
            body.put("stream", true);
        }
        return Endpoints.bytes(json, body);
    }

    @Override
    public Read<Answer> readBody(JsonNode body) {
        if ("error".equals(body.path("type").asText()) || body.hasNonNull("error")) {
            return Read.failed(ErrorClassifier.classifyInBand(body));
        }
        if (!"message".equals(body.path("type").asText()) || !body.path("content").isArray()) {
            return Read.failed(Failure.of(AttemptOutcome.PROTOCOL, "body is not a message"));
        }
        StringBuilder output = new StringBuilder();
        for (JsonNode block : body.get("content")) {
            if ("text".equals(block.path("type").asText())) {
                output.append(block.path("text").asText());
            }
        }
        return Read.ok(new Answer(output.toString(), OpenAiProtocol.textOrNull(body.get("model")),
                usage(body.get("usage"), Usage.NONE)));
    }

    @Override
    public StreamState newStream() {
        return new AnthropicStream(json);
    }

    /** Reads Anthropic usage; fields absent from {@code node} keep their value in {@code previous} (message_delta is cumulative). */
    static Usage usage(JsonNode node, Usage previous) {
        if (node == null || !node.isObject()) {
            return previous;
        }
        return Usage.fromAnthropic(
                longOr(node, "input_tokens", previous.inputTokens()),
                longOr(node, "output_tokens", previous.outputTokens()),
                longOr(node, "cache_read_input_tokens", previous.cacheReadTokens()),
                longOr(node, "cache_creation_input_tokens", previous.cacheWriteTokens()));
    }

    private static long longOr(JsonNode node, String field, long fallback) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? fallback : value.asLong();
    }
}
