package dev.keel.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.sim.Faults;
import dev.keel.sim.Latency;
import dev.keel.sim.Protocol;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Answers one request: route, key check, parse, fault decision, then the answer (whole or streamed,
 * paced by the latency distributions) or the fault, written for real on the socket. Runs on the
 * connection's virtual thread, so pacing is a plain sleep that parks the virtual thread, not a
 * platform thread per token.
 */
final class ExchangeHandler implements SimHttpServer.Handler {

    private static final String HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><center>"
            + "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    private final SimEngine engine;
    private final Dialect openAi = new OpenAiDialect();
    private final Dialect anthropic = new AnthropicDialect();

    ExchangeHandler(SimEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handle(SimRequest request, SimResponse response) throws IOException {
        Dialect dialect = request.path().equals(openAi.path()) ? openAi : request.path().equals(anthropic.path()) ? anthropic : null;
        if (dialect == null || !request.method().equals("POST")) {
            Dialect shape = request.path().startsWith("/v1/chat") ? openAi : anthropic;
            ErrorSpec notFound = new ErrorSpec(404, "not_found_error", null, "Unknown route " + request.method() + " " + request.path());
            response.whole(404, "application/json", Map.of(), shape.error(notFound, "req_none"));
            return;
        }
        Protocol protocol = dialect.protocol();
        long sequence = engine.nextSequence(protocol);
        SplittableRandom random = engine.randomFor(protocol, sequence);
        String requestId = "req_" + HexFormat.of().toHexDigits(random.nextLong());
        Map<String, String> headers = dialect.headers(requestId);

        String key = dialect.apiKey(request);
        if (!engine.keys().accepts(key)) {
            engine.count("unauthorized");
            json(response, dialect, dialect.unauthorized(mask(key)), headers, requestId);
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            body = null;
        }
        Object parsed = body == null || !body.isObject()
                ? new ErrorSpec(400, "invalid_request_error", null, "The request body is not valid JSON.")
                : dialect.parse(request, body);
        if (parsed instanceof ErrorSpec invalid) {
            engine.count("bad_request");
            json(response, dialect, invalid, headers, requestId);
            return;
        }
        ChatRequest chat = (ChatRequest) parsed;
        Faults faults = engine.faults(protocol);
        Fault fault = Fault.decide(faults, random);
        engine.count(fault == Fault.NONE ? "ok" : fault.statName());
        if (rejectsBeforeWork(fault, chat, response, dialect, faults, headers, requestId)) {
            return;
        }
        Completion completion = engine.complete(protocol, chat, random)
                .withReasoning(engine.reasonsFirst(protocol, sequence, faults.reasoningRate()));
        if (completion.reasoning()) {
            engine.count("reasoning");
        }
        Pacing pacing = new Pacing(engine.latency(), random, completion.outputTokens());
        if (chat.stream()) {
            stream(response, dialect, chat, completion, fault, faults, pacing, headers);
        } else {
            whole(response, dialect, chat, completion, fault, faults, pacing, headers, requestId);
        }
    }

    /** Faults a provider answers before generating anything. */
    private boolean rejectsBeforeWork(Fault fault, ChatRequest chat, SimResponse response, Dialect dialect, Faults faults,
                                      Map<String, String> headers, String requestId) throws IOException {
        switch (fault) {
            case RATE_LIMIT -> {
                Map<String, String> h = new java.util.LinkedHashMap<>(headers);
                h.putAll(dialect.rateLimitHeaders(faults.retryAfterMs(), faults.quotaExhausted()));
                json(response, dialect, dialect.rateLimited(faults.quotaExhausted()), h, requestId);
                return true;
            }
            case OVERLOAD -> {
                json(response, dialect, dialect.overloaded(), headers, requestId);
                return true;
            }
            case ERROR_STATUS -> {
                json(response, dialect, dialect.status(faults.errorStatus()), headers, requestId);
                return true;
            }
            case WRONG_CONTENT_TYPE -> {
                response.whole(200, "text/html", headers, HTML_PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return true;
            }
            case RESET -> {
                if (!chat.stream()) {
                    response.reset();
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void whole(SimResponse response, Dialect dialect, ChatRequest chat, Completion completion, Fault fault,
                       Faults faults, Pacing pacing, Map<String, String> headers, String requestId) throws IOException {
        if (fault == Fault.TTFT_STALL) {
            Pacing.pause(faults.ttftStallMs());
        }
        if (completion.reasoning()) {
            Pacing.pause(faults.reasoningMs());
        }
        Pacing.pause(pacing.wholeAnswerMs());
        switch (fault) {
            case ERROR_EVENT -> {
                ErrorSpec inBand = new ErrorSpec(200, faults.errorEventType(), null, "The provider failed mid-request.");
                response.whole(200, "application/json", headers, dialect.error(inBand, requestId));
            }
            case MALFORMED -> response.whole(200, "application/json", headers, dialect.malformedAnswer(completion));
            case TRUNCATE -> {
                byte[] body = dialect.answer(completion, chat);
                response.cut(200, "application/json", headers, body, body.length / 2);
            }
            case MID_STREAM_STALL -> {
                byte[] body = dialect.answer(completion, chat);
                response.beginWhole(200, "application/json", headers, body.length);
                response.write(body, 0, body.length / 2);
                response.flush();
                Pacing.pause(faults.midStreamStallMs());
                response.write(body, body.length / 2, body.length - body.length / 2);
                response.flush();
            }
            default -> response.whole(200, "application/json", headers, dialect.answer(completion, chat));
        }
    }

    private void stream(SimResponse response, Dialect dialect, ChatRequest chat, Completion completion, Fault fault,
                        Faults faults, Pacing pacing, Map<String, String> headers) throws IOException {
        response.startChunked(200, "text/event-stream; charset=utf-8", withStreamHeaders(headers));
        for (String event : dialect.streamStart(completion, chat)) {
            response.chunk(event);
        }
        response.flush();
        if (fault == Fault.TTFT_STALL) {
            Pacing.pause(faults.ttftStallMs());
        }
        if (completion.reasoning()) {
            reason(response, dialect, chat, completion, faults.reasoningMs());
        }
        Pacing.pause(pacing.ttftMs());
        List<String> tokens = completion.tokens();
        int faultAt = Math.max(1, tokens.size() / 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (i == faultAt && midStreamFault(fault, response, dialect, completion, faults)) {
                return;
            }
            response.chunk(dialect.streamToken(completion, chat, tokens.get(i)));
            double gap = pacing.tokenGapMs(i);
            if (gap > 0) {
                response.flush();
                Pacing.pause(gap);
            }
        }
        for (String event : dialect.streamEnd(completion, chat)) {
            response.chunk(event);
        }
        response.endChunked();
    }

    /** Reasoning deltas every {@link Faults#REASONING_DELTA_MS} for {@code ms}, then what opens the answer. */
    private static void reason(SimResponse response, Dialect dialect, ChatRequest chat, Completion completion, long ms)
            throws IOException {
        long deltas = Math.max(1, ms / Faults.REASONING_DELTA_MS);
        for (long i = 0; i < deltas; i++) {
            response.chunk(dialect.streamReasoning(completion, chat, i == 0 ? "Thinking about the question" : " step " + i));
            response.flush();
            Pacing.pause(Math.min(Faults.REASONING_DELTA_MS, ms));
        }
        for (String event : dialect.streamReasoningEnd(completion, chat)) {
            response.chunk(event);
        }
    }

    /** @return true when the fault ended the response */
    private static boolean midStreamFault(Fault fault, SimResponse response, Dialect dialect, Completion completion,
                                          Faults faults) throws IOException {
        switch (fault) {
            case MID_STREAM_STALL -> {
                response.flush();
                Pacing.pause(faults.midStreamStallMs());
                return false;
            }
            case ERROR_EVENT -> {
                response.chunk(dialect.streamError(faults.errorEventType(), "The provider failed mid-stream."));
                response.endChunked();
                return true;
            }
            case TRUNCATE -> {
                response.endChunked();
                return true;
            }
            case RESET -> {
                response.reset();
                return true;
            }
            case MALFORMED -> {
                response.chunk(dialect.malformedEvent(completion));
                response.flush();
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static Map<String, String> withStreamHeaders(Map<String, String> headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("Cache-Control", "no-cache");
        return h;
    }

    private static void json(SimResponse response, Dialect dialect, ErrorSpec error, Map<String, String> headers,
                             String requestId) throws IOException {
        response.whole(error.status(), "application/json", headers, dialect.error(error, requestId));
    }

    /** OpenAI echoes a masked key in its 401 message: first three and last four characters. */
    static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "(none)";
        }
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(8) + key.substring(key.length() - 4);
    }

    /** Latency draws for one request, taken up front so the random stream stays aligned. */
    static final class Pacing {
        private final double ttftMs;
        private final double[] gaps;

        Pacing(Latency latency, SplittableRandom random, int tokens) {
            this.ttftMs = LogNormal.sample(latency.ttftMedianMs(), latency.ttftP95Ms(), random);
            this.gaps = new double[tokens];
            for (int i = 0; i < tokens; i++) {
                gaps[i] = LogNormal.sample(latency.tokenMedianMs(), latency.tokenP95Ms(), random);
            }
        }

        double ttftMs() {
            return ttftMs;
        }

        double tokenGapMs(int i) {
            return gaps[i];
        }

        double wholeAnswerMs() {
            double sum = ttftMs;
            for (double gap : gaps) {
                sum += gap;
            }
            return sum;
        }

        static void pause(double ms) throws IOException {
            if (ms <= 0) {
                return;
            }
            try {
                long whole = (long) ms;
                // The simulated provider's latency itself (TTFT, gaps between tokens). Each exchange runs on its own
                // virtual thread, so sleeping parks it without holding a carrier thread.
                Thread.sleep(whole, (int) ((ms - whole) * 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("simulator shutting down");
            }
        }
    }
}
