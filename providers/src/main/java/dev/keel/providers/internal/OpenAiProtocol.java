package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.providers.ChatTurn;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.Usage;

import java.net.URI;
import java.util.function.BiConsumer;

/**
 * OpenAI Chat Completions ({@code POST {base}/chat/completions}), also any compatible server.
 * Sends {@code max_tokens} (accepted by OpenAI and every compatible server, unlike the newer
 * {@code max_completion_tokens}) and, when streaming, {@code stream_options.include_usage} so the last
 * chunk carries {@code usage}.
 */
final class OpenAiProtocol implements WireProtocol {

    private final ObjectMapper json;

    OpenAiProtocol(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    public URI endpoint(URI baseUrl) {
        return Endpoints.resolve(baseUrl, "chat/completions");
    }

    @Override
    public void addHeaders(BiConsumer<String, String> header, Secret apiKey) {
        if (apiKey != null && !apiKey.isEmpty()) {
            header.accept("Authorization", "Bearer " + apiKey.reveal());
        }
    }

    @Override
    public byte[] requestBody(ProviderCall call) {
        ObjectNode body = json.createObjectNode();
        body.put("model", call.model());
        ArrayNode messages = body.putArray("messages");
        if (call.system() != null) {
            messages.addObject().put("role", "system").put("content", call.system());
        }
        for (ChatTurn turn : call.messages()) {
            messages.addObject().put("role", turn.role().wireName()).put("content", turn.content());
        }
        body.put("max_tokens", call.maxOutputTokens());
        if (call.temperature() != null) {
            body.put("temperature", call.temperature());
        }
        if (call.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return Endpoints.bytes(json, body);
    }

    @Override
    public Read<Answer> readBody(JsonNode body) {
        if (body.hasNonNull("error")) {
            return Read.failed(ErrorClassifier.classifyInBand(body));
        }
        JsonNode choice = body.path("choices").path(0);
        if (!choice.isObject() || !choice.path("message").isObject()) {
            return Read.failed(Failure.of(dev.keel.schemas.AttemptOutcome.PROTOCOL, "body has no choices[0].message"));
        }
        JsonNode content = choice.path("message").get("content");
        String output = content == null || content.isNull() ? "" : content.asText();
        return Read.ok(new Answer(output, textOrNull(body.get("model")), usage(body.get("usage"))));
    }

    @Override
    public StreamState newStream() {
        return new OpenAiStream(json);
    }

    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        return Usage.fromOpenAi(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
