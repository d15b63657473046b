package dev.keel.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.schemas.PromptResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OpenAI's wire format for what the gateway answers: completions, stream chunks, errors, models. Thread-safe. */
public final class OpenAiJson {

    private static final Pattern PIECE = Pattern.compile("\\S+\\s*|\\s+");

    private final ObjectMapper json;

    public OpenAiJson(ObjectMapper json) {
        this.json = json;
    }

    public String completion(PromptResult result, ChatCall call, long created) {
        ObjectNode root = header(result, call, created, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", output(result));
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(result, call));
        root.set("usage", usage(result));
        return root.toString();
    }

    /** The SSE events of a whole result: role, content in word-sized pieces, finish, usage when asked, then [DONE]. */
    public List<String> chunks(PromptResult result, ChatCall call, long created) {
        List<String> events = new ArrayList<>();
        events.add(chunk(result, call, created, delta -> {
            delta.put("role", "assistant");
            delta.put("content", "");
        }, null));
        Matcher pieces = PIECE.matcher(output(result));
        while (pieces.find()) {
            String piece = pieces.group();
            events.add(chunk(result, call, created, delta -> delta.put("content", piece), null));
        }
        events.add(chunk(result, call, created, delta -> { }, finishReason(result, call)));
        if (call.includeUsage()) {
            ObjectNode usage = header(result, call, created, "chat.completion.chunk");
            usage.putArray("choices");
            usage.set("usage", usage(result));
            events.add(usage.toString());
        }
        events.add("[DONE]");
        return events;
    }

    public String error(Failure failure) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", failure.message());
        error.put("type", failure.type());
        if (failure.param() == null) {
            error.putNull("param");
        } else {
            error.put("param", failure.param());
        }
        error.put("code", failure.code());
        return root.toString();
    }

    public String models(Collection<String> aliases, long created) {
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String alias : aliases) {
            ObjectNode model = data.addObject();
            model.put("id", alias);
            model.put("object", "model");
            model.put("created", created);
            model.put("owned_by", "keel");
        }
        return root.toString();
    }

    private String chunk(PromptResult result, ChatCall call, long created, java.util.function.Consumer<ObjectNode> delta, String finish) {
        ObjectNode root = header(result, call, created, "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return root.toString();
    }

    private ObjectNode header(PromptResult result, ChatCall call, long created, String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", "chatcmpl-" + result.getRequestId());
        root.put("object", object);
        root.put("created", created);
        root.put("model", call.model());
        root.put("system_fingerprint", "keel-" + (result.getProvider() == null ? "none" : result.getProvider()));
        return root;
    }

    private ObjectNode usage(PromptResult result) {
        long in = result.getInputTokens();
        long out = result.getOutputTokens();
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", in);
        usage.put("completion_tokens", out);
        usage.put("total_tokens", in + out);
        usage.putObject("prompt_tokens_details").put("cached_tokens", result.getCacheReadTokens());
        return usage;
    }

    private static String output(PromptResult result) {
        return result.getOutput() == null ? "" : result.getOutput();
    }

    private static String finishReason(PromptResult result, ChatCall call) {
        return call.maxTokens() != null && result.getOutputTokens() >= call.maxTokens() ? "length" : "stop";
    }
}
