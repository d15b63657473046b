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

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link ProviderClient} over Jetty's {@link HttpClient}: one request, timed from the moment it is
 * sent, read as a stream or a whole body, classified into one {@link AttemptOutcome}.
 *
 * <p>Why Jetty: per call it costs a fraction of the JDK client's CPU (no task hand-offs between threads for
 * every buffer; see the README), and its {@link InputStreamResponseListener} maps onto a blocking read: headers
 * with a timeout, then an {@link InputStream}. A deadline closes that stream <em>and</em> aborts the exchange
 * ({@link Exchange#close()}), which wakes the blocked reader and drops the connection. Thread-safe; calls block
 * the caller's (virtual) thread. {@link #close()} stops the HTTP client and the watchdog scheduler.
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
    private final URI endpoint;
    /** The headers every call sends alike (config headers and Accept), built once; secret ones are revealed per call. */
    private final List<HttpField> streamHeaders;
    private final List<HttpField> wholeHeaders;

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
        this.endpoint = protocol.endpoint(config.baseUrl());
        this.streamHeaders = fixedHeaders(config, "text/event-stream");
        this.wholeHeaders = fixedHeaders(config, "application/json");
    }

    private static List<HttpField> fixedHeaders(ProviderConfig config, String accept) {
        List<HttpField> fields = new ArrayList<>();
        fields.add(new HttpField(HttpHeader.ACCEPT, accept));
        config.headers().forEach((header, value) -> fields.add(new HttpField(header, value)));
        return List.copyOf(fields);
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
        Request request = request(call);
        InputStreamResponseListener pending = new InputStreamResponseListener();
        Instant sent = clock.instant();
        CallDeadlines deadlines = new CallDeadlines(sent, call.timeouts(), call.stream());
        if (!http.isRunning()) { // a closed client refuses new requests
            return finish(call, deadlines, null, null, Failure.of(AttemptOutcome.NETWORK, "client closed"), null);
        }
        try {
            request.send(pending);
        } catch (RuntimeException e) { // a listener's failure, rethrown on this thread; nothing was read
            request.abort(e);
            return finish(call, deadlines, null, null, Failure.of(AttemptOutcome.NETWORK, NetworkErrors.describe(e)), e);
        }
        Response response;
        switch (awaitHeaders(request, pending, deadlines)) {
            case Read.Failed<Response> failed -> {
                return finish(call, deadlines, null, null, failed.failure(), null);
            }
            case Read.Ok<Response> ok -> response = ok.value();
        }
        InputStream body = pending.getInputStream();
        try (Exchange exchange = new Exchange(body, response);
             Watchdog watchdog = new Watchdog(scheduler, deadlines, clock, exchange)) {
            watchdog.arm();
            BodyReader reader = new BodyReader(deadlines, clock, watchdog, listener);
            return readResponse(call, deadlines, response, body, reader);
        }
    }

    private Request request(ProviderCall call) {
        Request request = http.newRequest(endpoint)
                .method(HttpMethod.POST)
                // Jetty's own idle limit stays out of the way of the call's deadlines, which the watchdog enforces
                .idleTimeout(call.timeouts().total().toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent("application/json", protocol.requestBody(call)));
        Secret key = apiKey.get();
        request.headers(headers -> {
            (call.stream() ? streamHeaders : wholeHeaders).forEach(headers::add);
            config.secretHeaders().forEach((header, value) -> headers.add(header, value.reveal()));
            protocol.addHeaders(headers::add, key);
        });
        return request;
    }

    /** @return the response once its headers arrived, or a {@link Failure} */
    private Read<Response> awaitHeaders(Request request, InputStreamResponseListener pending, CallDeadlines deadlines) {
        while (true) {
            long waitMs = Math.max(1, Duration.between(clock.instant(), deadlines.nextDeadline()).toMillis());
            try {
                return Read.ok(pending.get(waitMs, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                Instant now = clock.instant();
                Optional<AttemptOutcome> expired = deadlines.expiredAt(now);
                if (expired.isPresent()) {
                    request.abort(new TimeoutException("call deadline passed"));
                    return Read.failed(Failure.of(expired.get(), deadlines.describe(expired.get(), now)));
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return Read.failed(Failure.of(AttemptOutcome.NETWORK, NetworkErrors.describe(cause)));
            } catch (InterruptedException e) {
                request.abort(e);
                Thread.currentThread().interrupt();
                return Read.failed(Failure.of(AttemptOutcome.NETWORK, "interrupted"));
            }
        }
    }

    /**
     * A response body being read. Closing it wakes a blocked reader and aborts the exchange, so the connection is
     * dropped even when no more bytes arrive (closing Jetty's stream alone would leave a stalled connection open
     * until its idle timeout). After the body was read to its end the abort is a no-op: the connection is reused.
     */
    private record Exchange(InputStream body, Response response) implements Closeable {
        @Override
        public void close() {
            Watchdog.closeQuietly(body);
            response.abort(new AsynchronousCloseException());
        }
    }

    private ProviderReply readResponse(ProviderCall call, CallDeadlines deadlines, Response response,
                                       InputStream body, BodyReader reader) {
        int status = response.getStatus();
        HttpFields headers = response.getHeaders();
        if (status < 200 || status > 299) {
            JsonNode error = reader.readAll(body, MAX_ERROR_BODY_BYTES) instanceof Read.Ok<byte[]> bytes ? parse(bytes.value()) : null;
            Duration retryAfter = RetryAfter.parse(headers::get, clock.instant()).orElse(null);
            return finish(call, deadlines, status, null, ErrorClassifier.classifyStatus(status, error, retryAfter), null);
        }
        String contentType = headers.get(HttpHeader.CONTENT_TYPE);
        String mime = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
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
