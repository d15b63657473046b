package dev.keel.gateway.internal;

import dev.keel.client.KeelClient;
import dev.keel.config.GatewayConfig;
import dev.keel.config.GatewayModel;
import dev.keel.schemas.CacheMode;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /v1/chat/completions}: key → tenant, body → PromptRequest, published through the
 * gateway's {@link KeelClient}, answered from its reply topic. Each call runs on its own virtual
 * thread and blocks on its future; a {@code stream: true} call is answered as SSE once the result is
 * in. Thread-safe.
 */
public final class ChatCompletions {

    private static final Logger LOGGER = LoggerFactory.getLogger(ChatCompletions.class);
    private static final String TEXT_ID = "[A-Za-z0-9._:/-]{1,100}";

    private final GatewayConfig config;
    private final ApiKeys keys;
    private final KeelClient client;
    private final ChatCallParser parser;
    private final OpenAiJson json;
    private final GatewayMetrics metrics;
    private final BooleanSupplier draining;
    private final Clock clock;

    public ChatCompletions(GatewayConfig config, ApiKeys keys, KeelClient client, ChatCallParser parser, OpenAiJson json,
                           GatewayMetrics metrics, BooleanSupplier draining, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.client = client;
        this.parser = parser;
        this.json = json;
        this.metrics = metrics;
        this.draining = draining;
        this.clock = clock;
    }

    public void handle(Request request, Response response, Callback callback) throws InterruptedException {
        long started = System.nanoTime();
        Optional<ApiKeys.Caller> caller = keys.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (caller.isEmpty()) {
            fail(response, callback, Failure.unauthorized(), false, started);
            return;
        }
        if (draining.getAsBoolean()) {
            fail(response, callback, Failure.unavailable("shutting_down", "The gateway is restarting; retry shortly."), false, started);
            return;
        }
        Optional<byte[]> body = HttpIo.body(request, config.maxBodyBytes());
        if (body.isEmpty()) {
            fail(response, callback, new Failure(413, Failure.INVALID_REQUEST, "body_too_large", null,
                    "The body is larger than " + config.maxBodyBytes() + " bytes.", null), false, started);
            return;
        }
        ChatCall call;
        switch (parser.parse(body.get())) {
            case ChatCallParser.Parsed.Invalid invalid -> {
                fail(response, callback, Failure.badRequest(invalid.param(), invalid.message()), false, started);
                return;
            }
            case ChatCallParser.Parsed.Ok ok -> call = ok.call();
        }
        GatewayModel model = config.models().get(call.model());
        if (model == null) {
            fail(response, callback, new Failure(400, Failure.INVALID_REQUEST, "model_not_found", "model",
                    "model: '" + abbreviate(call.model()) + "' is not offered here (one of: " + String.join(", ", config.models().keySet()) + ")",
                    null), call.stream(), started);
            return;
        }
        HttpFields headers = request.getHeaders();
        Optional<Failure> bad = checkHeaders(headers);
        if (bad.isPresent()) {
            fail(response, callback, bad.get(), call.stream(), started);
            return;
        }
        Duration timeout = timeout(headers.get("X-Keel-Timeout-Ms"));
        PromptRequest prompt = prompt(call, model, caller.get(), headers, clock.millis() + timeout.toMillis());
        PromptResult result;
        try {
            result = client.submit(prompt, timeout).get();
        } catch (ExecutionException e) {
            Failure failure = Failure.of(e.getCause());
            LOGGER.debug("No result request_id={} reason={}", prompt.getRequestId(), e.getCause().getClass().getSimpleName());
            fail(response, callback, failure, call.stream(), started);
            return;
        }
        describe(response, result);
        if (result.getStatus() != ResultStatus.SUCCESS) {
            fail(response, callback, Failure.of(result, prompt.getDeadlineMs() == null ? Long.MAX_VALUE : prompt.getDeadlineMs()),
                    call.stream(), started);
            return;
        }
        long created = clock.millis() / 1000;
        if (call.stream()) {
            stream(response, callback, result, call, created);
        } else {
            HttpIo.send(response, callback, 200, HttpIo.JSON, json.completion(result, call, created));
        }
        metrics.answered(200, call.stream(), result, System.nanoTime() - started);
    }

    private PromptRequest prompt(ChatCall call, GatewayModel model, ApiKeys.Caller caller, HttpFields headers, long deadlineMs) {
        String idempotencyKey = headers.get("Idempotency-Key");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("source", "gateway");
        attributes.put("model_alias", call.model());
        if (call.user() != null && !call.user().isBlank()) {
            attributes.put("user", abbreviate(call.user()));
        }
        String feature = headers.get("X-Keel-Feature");
        String cache = headers.get("X-Keel-Cache");
        return PromptRequest.newBuilder()
                .setRequestId(idempotencyKey != null ? idempotencyKey.strip() : UUID.randomUUID().toString())
                .setTenantId(caller.tenant())
                .setFeature(feature == null || feature.isBlank() ? config.defaultFeature() : feature.strip())
                .setCreatedAt(clock.millis())
                .setPromptVersion(headers.get("X-Keel-Prompt-Version"))
                .setSystem(call.system())
                .setMessages(call.messages())
                .setMaxOutputTokens(call.maxTokens())
                .setTemperature(call.temperature())
                .setPin(model.pin())
                .setFailover(model.failover())
                .setLane(Lane.INTERACTIVE)
                .setCache(cache != null && cache.equalsIgnoreCase("bypass") ? CacheMode.BYPASS : CacheMode.DEFAULT)
                .setAttributes(attributes)
                .setDeadlineMs(deadlineMs)
                .build();
    }

    private static Optional<Failure> checkHeaders(HttpFields headers) {
        String feature = headers.get("X-Keel-Feature");
        if (feature != null && !feature.strip().matches(TEXT_ID)) {
            return Optional.of(Failure.badRequest("X-Keel-Feature", "X-Keel-Feature: 1 to 100 of letters, digits, '.', '_', ':', '/' or '-'"));
        }
        String version = headers.get("X-Keel-Prompt-Version");
        if (version != null && !version.matches(TEXT_ID)) {
            return Optional.of(Failure.badRequest("X-Keel-Prompt-Version", "X-Keel-Prompt-Version: 1 to 100 of letters, digits, '.', '_', ':', '/' or '-'"));
        }
        String key = headers.get("Idempotency-Key");
        if (key != null && !key.strip().matches("[\\x21-\\x7e]{1,200}")) {
            return Optional.of(Failure.badRequest("Idempotency-Key", "Idempotency-Key: 1 to 200 printable ASCII characters"));
        }
        String timeout = headers.get("X-Keel-Timeout-Ms");
        if (timeout != null && !timeout.matches("[1-9][0-9]{0,8}")) {
            return Optional.of(Failure.badRequest("X-Keel-Timeout-Ms", "X-Keel-Timeout-Ms: a positive number of milliseconds"));
        }
        return Optional.empty();
    }

    /** The request's deadline: the configured one, or less when the caller asks for less. */
    private Duration timeout(String header) {
        Duration configured = config.requestTimeout();
        if (header == null) {
            return configured;
        }
        Duration asked = Duration.ofMillis(Long.parseLong(header));
        return asked.compareTo(configured) < 0 ? asked : configured;
    }

    private static void describe(Response response, PromptResult result) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Keel-Request-Id", result.getRequestId());
        headers.put("X-Keel-Status", result.getStatus().name());
        if (result.getProvider() != null) {
            headers.put("X-Keel-Provider", result.getProvider());
        }
        if (result.getModel() != null) {
            headers.put("X-Keel-Model", result.getModel());
        }
        headers.put("X-Keel-Cache", result.getCache().name());
        headers.put("X-Keel-Cost-Usd", String.format(Locale.ROOT, "%.6f", result.getCostUsd()));
        headers.put("X-Keel-Attempts", Integer.toString(result.getAttempts().size()));
        if (!result.getDegradations().isEmpty()) {
            headers.put("X-Keel-Degradations", String.join(",", result.getDegradations().stream().map(Enum::name).toList()));
        }
    }

    private void stream(Response response, Callback callback, PromptResult result, ChatCall call, long created) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            for (String event : json.chunks(result, call, created)) {
                out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (java.io.IOException e) {
            LOGGER.debug("Stream to the caller broke request_id={}: {}", result.getRequestId(), e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private void fail(Response response, Callback callback, Failure failure, boolean stream, long started) {
        HttpIo.sendError(response, callback, json, failure);
        metrics.failed(failure, stream, System.nanoTime() - started);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
