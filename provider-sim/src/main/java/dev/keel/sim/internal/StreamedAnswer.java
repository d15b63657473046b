package dev.keel.sim.internal;

import dev.keel.sim.Faults;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streamed answer: the opening events, the reasoning if any, the first token after the TTFT, the others paced by
 * their gaps, the closing events; a mid-stream fault strikes halfway through the tokens.
 */
final class StreamedAnswer {

    private StreamedAnswer() {
    }

    static void write(Exchange exchange, Completion completion, Pacing pacing) throws IOException {
        SimResponse response = exchange.response();
        Dialect dialect = exchange.dialect();
        ChatRequest chat = exchange.chat();
        response.startChunked(200, "text/event-stream; charset=utf-8", withStreamHeaders(exchange.headers()));
        for (String event : dialect.streamStart(completion, chat)) {
            response.chunk(event);
        }
        response.flush();
        if (exchange.fault() == Fault.TTFT_STALL) {
            Pacing.pause(exchange.faults().ttftStallMs());
        }
        if (completion.reasoning()) {
            reason(exchange, completion, exchange.faults().reasoningMs());
        }
        Pacing.pause(pacing.ttftMs());
        List<String> tokens = completion.tokens();
        int faultAt = Math.max(1, tokens.size() / 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (i == faultAt && midStreamFault(exchange, completion)) {
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
    private static void reason(Exchange exchange, Completion completion, long ms) throws IOException {
        SimResponse response = exchange.response();
        Dialect dialect = exchange.dialect();
        long deltas = Math.max(1, ms / Faults.REASONING_DELTA_MS);
        for (long i = 0; i < deltas; i++) {
            response.chunk(dialect.streamReasoning(completion, exchange.chat(), i == 0 ? "Thinking about the question" : " step " + i));
            response.flush();
            Pacing.pause(Math.min(Faults.REASONING_DELTA_MS, ms));
        }
        for (String event : dialect.streamReasoningEnd(completion, exchange.chat())) {
            response.chunk(event);
        }
    }

    /** @return true when the fault ended the response */
    private static boolean midStreamFault(Exchange exchange, Completion completion) throws IOException {
        SimResponse response = exchange.response();
        Faults faults = exchange.faults();
        switch (exchange.fault()) {
            case MID_STREAM_STALL -> {
                response.flush();
                Pacing.pause(faults.midStreamStallMs());
                return false;
            }
            case ERROR_EVENT -> {
                response.chunk(exchange.dialect().streamError(faults.errorEventType(), "The provider failed mid-stream."));
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
                response.chunk(exchange.dialect().malformedEvent(completion));
                response.flush();
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static Map<String, String> withStreamHeaders(Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Cache-Control", "no-cache");
        return h;
    }
}
