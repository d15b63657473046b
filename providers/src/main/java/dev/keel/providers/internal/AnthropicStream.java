package dev.keel.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.schemas.AttemptOutcome;

/**
 * Messages API events: {@code message_start} (model, input usage), {@code content_block_start/delta/stop},
 * {@code message_delta} (cumulative usage, stop reason), {@code message_stop} (the terminator),
 * {@code ping}, and {@code error}, which may arrive after a 200. Only a non-empty {@code text_delta}
 * (or a text block that starts with text) is content; a non-empty {@code thinking_delta} of an extended-thinking
 * block is reasoning (liveness, not content). Unknown event types are tolerated, as Anthropic
 * asks of clients.
 */
final class AnthropicStream extends AccumulatedStream {

    AnthropicStream(ObjectMapper json) {
        super(json);
    }

    @Override
    public Step accept(SseEvent event) {
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (JsonProcessingException e) {
            return fail(Failure.of(AttemptOutcome.PROTOCOL, "malformed event json"));
        }
        if (data == null || !data.isObject()) {
            return fail(Failure.of(AttemptOutcome.PROTOCOL, "event is not a json object"));
        }
        String type = SseEvent.DEFAULT_EVENT.equals(event.event()) ? data.path("type").asText() : event.event();
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                model = OpenAiProtocol.textOrNull(message.get("model"));
                usage = AnthropicProtocol.usage(message.get("usage"), usage);
                return Step.PROGRESS;
            }
            case "content_block_start" -> {
                return text(data.path("content_block").get("text"));
            }
            case "content_block_delta" -> {
                JsonNode delta = data.path("delta");
                return switch (delta.path("type").asText()) {
                    case "text_delta" -> text(delta.get("text"));
                    case "thinking_delta" -> reasoning(delta.get("thinking")) ? Step.REASONING : Step.PROGRESS;
                    default -> Step.PROGRESS; // input_json_delta, signature_delta, and types added later
                };
            }
            case "message_delta" -> {
                usage = AnthropicProtocol.usage(data.get("usage"), usage);
                return Step.PROGRESS;
            }
            case "message_stop" -> {
                return Step.END;
            }
            case "error" -> {
                return fail(ErrorClassifier.classifyInBand(data));
            }
            default -> {
                return Step.PROGRESS; // ping, content_block_stop, and event types added later
            }
        }
    }


    @Override
    public String terminator() {
        return "message_stop";
    }
}
