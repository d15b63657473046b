package dev.keel.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.Secret;
import dev.keel.providers.CallListener;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.providers.Usage;
import dev.keel.schemas.AttemptOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link ProviderClient} over the JDK {@link HttpClient}: one request, timed from the moment it is
 * sent, read as a stream or a whole body, classified into one {@link AttemptOutcome}.
 *
 * <p>Why the JDK client: no dependency, HTTP/2 over TLS, virtual-thread friendly, and closing an
 * {@code ofInputStream()} body cancels the exchange and drops its connection, which is exactly what a
 * timeout must do. Thread-safe; calls block the caller's (virtual) thread. {@link #close()} shuts the
 * HTTP client and the watchdog scheduler down when this client owns them.
 */
public final class HttpProviderClient implements ProviderClient {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpProviderClient.class);
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String name;
    private final ProviderConfig config;
    private final WireProtocol protocol;
    private final Supplier<Secret> apiKey;
    private final InstantSource clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper json;
    private final Runnable onClose;

    HttpProviderClient(String name, ProviderConfig config, WireProtocol protocol, Supplier<Secret> apiKey,
                       InstantSource clock, HttpClient http, ScheduledExecutorService scheduler, ObjectMapper json,
                       Runnable onClose) {
        this.name = name;
        this.config = config;
        this.protocol = protocol;
        this.apiKey = apiKey;
        this.clock = clock;
        this.http = http;
        this.scheduler = scheduler;
        this.json = json;
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderKind kind() {
        return protocol.kind();
    }

    @Override
    public ProviderReply call(ProviderCall call) {
        return call(call, CallListener.NONE);
    }

    @Override
    public ProviderReply call(ProviderCall call, CallListener listener) {
        HttpRequest request = request(call);
        Instant sent = clock.instant();
        CallDeadlines deadlines = new CallDeadlines(sent, call.timeouts(), call.stream());
        CompletableFuture<HttpResponse<InputStream>> pending;
        try {
            pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (RuntimeException e) { // a closed client refuses new requests
            return finish(call, deadlines, null, null, Failure.of(AttemptOutcome.NETWORK, "client closed"), e);
        }
        HttpResponse<InputStream> response;
        switch (awaitHeaders(pending, deadlines)) {
            case Read.Failed<HttpResponse<InputStream>> failed -> {
                return finish(call, deadlines, null, null, failed.failure(), null);
            }
            case Read.Ok<HttpResponse<InputStream>> ok -> response = ok.value();
        }
        try (InputStream body = response.body();
             Watchdog watchdog = new Watchdog(scheduler, deadlines, clock, body)) {
            watchdog.arm();
            BodyReader reader = new BodyReader(deadlines, clock, watchdog, listener);
            return readResponse(call, deadlines, response, body, reader);
        } catch (IOException e) { // closing the body
            return finish(call, deadlines, response.statusCode(), null, Failure.of(AttemptOutcome.NETWORK, NetworkErrors.describe(e)), e);
        }
    }

    private HttpRequest request(ProviderCall call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(protocol.endpoint(config.baseUrl()))
                .timeout(call.timeouts().total())
                .header("Content-Type", "application/json")
                .header("Accept", call.stream() ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(protocol.requestBody(call)));
        config.headers().forEach(builder::header);
        config.secretHeaders().forEach((header, value) -> builder.header(header, value.reveal()));
        protocol.addHeaders(builder, apiKey.get());
        return builder.build();
    }

    /** @return the response once its headers arrived, or a {@link Failure} */
    private Read<HttpResponse<InputStream>> awaitHeaders(CompletableFuture<HttpResponse<InputStream>> pending,
                                                         CallDeadlines deadlines) {
        while (true) {
            long waitMs = Math.max(1, Duration.between(clock.instant(), deadlines.nextDeadline()).toMillis());
            try {
                return Read.ok(pending.get(waitMs, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                Instant now = clock.instant();
                Optional<AttemptOutcome> expired = deadlines.expiredAt(now);
                if (expired.isPresent()) {
                    abandon(pending);
                    return Read.failed(Failure.of(expired.get(), deadlines.describe(expired.get(), now)));
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof java.net.http.HttpTimeoutException && !(cause instanceof java.net.http.HttpConnectTimeoutException)) {
                    long spentMs = Duration.between(deadlines.sent(), clock.instant()).toMillis();
                    return Read.failed(Failure.of(AttemptOutcome.TIMEOUT, "total timeout " + spentMs + "ms"));
                }
                return Read.failed(Failure.of(AttemptOutcome.NETWORK, NetworkErrors.describe(cause)));
            } catch (InterruptedException e) {
                abandon(pending);
                Thread.currentThread().interrupt();
                return Read.failed(Failure.of(AttemptOutcome.NETWORK, "interrupted"));
            }
        }
    }

    private static void abandon(CompletableFuture<HttpResponse<InputStream>> pending) {
        pending.cancel(true);
        pending.whenComplete((response, error) -> {
            if (response != null) {
                Watchdog.closeQuietly(response.body());
            }
        });
    }

    private ProviderReply readResponse(ProviderCall call, CallDeadlines deadlines, HttpResponse<InputStream> response,
                                       InputStream body, BodyReader reader) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            JsonNode error = reader.readAll(body, MAX_ERROR_BODY_BYTES) instanceof Read.Ok<byte[]> bytes ? parse(bytes.value()) : null;
            Duration retryAfter = RetryAfter.parse(response.headers(), clock.instant()).orElse(null);
            return finish(call, deadlines, status, null, ErrorClassifier.classifyStatus(status, error, retryAfter), null);
        }
        String mime = response.headers().firstValue("content-type").orElse("").toLowerCase(java.util.Locale.ROOT);
        if (call.stream() && mime.startsWith("text/event-stream")) {
            StreamState state = protocol.newStream();
            Failure failure = reader.readStream(body, state);
            return failure == null
                    ? finish(call, deadlines, status, new Answer(state.output(), state.model(), state.usage()), null, null)
                    : finish(call, deadlines, status, new Answer(null, state.model(), state.usage()), failure, null);
        }
        if (!mime.startsWith("application/json") && !mime.contains("+json")) {
            return finish(call, deadlines, status, null, Failure.of(AttemptOutcome.PROTOCOL, "unexpected content-type " + mimeType(mime)), null);
        }
        JsonNode parsed;
        switch (reader.readAll(body, MAX_BODY_BYTES)) {
            case Read.Failed<byte[]> failed -> {
                return finish(call, deadlines, status, null, failed.failure(), null);
            }
            case Read.Ok<byte[]> bytes -> parsed = parse(bytes.value());
        }
        if (parsed == null || !parsed.isObject()) {
            return finish(call, deadlines, status, null, Failure.of(AttemptOutcome.PROTOCOL, "malformed json body"), null);
        }
        return switch (protocol.readBody(parsed)) {
            case Read.Failed<Answer> failed -> finish(call, deadlines, status, null, failed.failure(), null);
            case Read.Ok<Answer> answer when call.stream() -> // asked for a stream, got a whole answer
                    finish(call, deadlines, status, null, Failure.of(AttemptOutcome.PROTOCOL, "expected text/event-stream, got json"), null);
            case Read.Ok<Answer> answer -> finish(call, deadlines, status, answer.value(), null, null);
        };
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static String mimeType(String contentType) {
        String type = contentType.split(";", 2)[0].strip();
        return ErrorClassifier.safe(type.replace('/', '.')) == null ? "(unreadable)" : type;
    }

    private ProviderReply finish(ProviderCall call, CallDeadlines deadlines, Integer status, Answer answer,
                                 Failure failure, Throwable cause) {
        Duration latency = Duration.between(deadlines.sent(), clock.instant());
        Duration ttft = deadlines.ttft().orElse(null);
        String model = answer == null ? null : answer.model();
        Usage usage = answer == null ? Usage.NONE : answer.usage();
        if (failure == null) {
            LOGGER.debug("provider call ok request_id={} provider={} status={} latency_ms={} ttft_ms={}",
                    call.requestId(), name, status, latency.toMillis(), ttft == null ? null : ttft.toMillis());
            return new ProviderReply(AttemptOutcome.OK, status, answer.output(), model, usage, latency, ttft, null, null);
        }
        LOGGER.debug("provider call failed request_id={} provider={} outcome={} status={} detail={} latency_ms={}",
                call.requestId(), name, failure.outcome(), status, failure.detail(), latency.toMillis());
        if (cause != null && LOGGER.isTraceEnabled()) {
            LOGGER.trace("provider call failure cause request_id={} provider={}", call.requestId(), name, cause);
        }
        return new ProviderReply(failure.outcome(), status, null, model, usage, latency, ttft, failure.retryAfter(), failure.detail());
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "HttpProviderClient[name=" + name + ", kind=" + protocol.kind().id() + ", baseUrl=" + config.baseUrl() + "]";
    }
}
