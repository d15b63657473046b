package dev.keel.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.sim.Faults;
import dev.keel.sim.Protocol;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Answers one request: route, key check, parse, fault decision, then the answer ({@link WholeAnswer} or
 * {@link StreamedAnswer}, paced by the latency distributions) or the fault ({@link RefusalFaults}), written for real
 * on the socket. Every random draw of a request comes from its own stream, in a fixed order (request id, fault,
 * completion, pacing), so a seed replays the same exchange. Runs on the connection's virtual thread, so pacing is a
 * plain sleep that parks the virtual thread, not a platform thread per token.
 */
final class ExchangeHandler implements SimHttpServer.Handler {

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
            notFound(request, response);
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
            Exchange.sendError(response, dialect, dialect.unauthorized(mask(key)), headers, requestId);
            return;
        }
        switch (parse(request, dialect)) {
            case ParsedRequest.Invalid invalid -> {
                engine.count("bad_request");
                Exchange.sendError(response, dialect, invalid.error(), headers, requestId);
            }
            case ParsedRequest.Valid valid -> {
                Faults faults = engine.faults(protocol);
                Fault fault = Fault.decide(faults, random);
                engine.count(fault == Fault.NONE ? "ok" : fault.statName());
                answer(new Exchange(response, dialect, requestId, headers, valid.request(), fault, faults), sequence, random);
            }
        }
    }

    /** The fault that refuses the request before any work, else the completion, whole or streamed. */
    private void answer(Exchange exchange, long sequence, SplittableRandom random) throws IOException {
        if (RefusalFaults.answered(exchange)) {
            return;
        }
        Protocol protocol = exchange.dialect().protocol();
        Completion completion = engine.complete(protocol, exchange.chat(), random)
                .withReasoning(engine.reasonsFirst(protocol, sequence, exchange.faults().reasoningRate()));
        if (completion.reasoning()) {
            engine.count("reasoning");
        }
        Pacing pacing = new Pacing(engine.latency(), random, completion.outputTokens());
        if (exchange.chat().stream()) {
            StreamedAnswer.write(exchange, completion, pacing);
        } else {
            WholeAnswer.write(exchange, completion, pacing);
        }
    }

    private static ParsedRequest parse(SimRequest request, Dialect dialect) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return new ParsedRequest.Invalid(new ErrorSpec(400, "invalid_request_error", null, "The request body is not valid JSON."));
        }
        return dialect.parse(request, body);
    }

    /** A route the simulator does not serve: a 404 in the shape of the API the path looks like. */
    private void notFound(SimRequest request, SimResponse response) throws IOException {
        Dialect shape = request.path().startsWith("/v1/chat") ? openAi : anthropic;
        ErrorSpec notFound = new ErrorSpec(404, "not_found_error", null, "Unknown route " + request.method() + " " + request.path());
        response.whole(404, "application/json", Map.of(), shape.error(notFound, "req_none"));
    }

    /** OpenAI echoes a masked key in its 401 message: first three and last four characters. */
    static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "(none)";
        }
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(8) + key.substring(key.length() - 4);
    }
}
