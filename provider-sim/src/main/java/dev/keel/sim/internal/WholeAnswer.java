package dev.keel.sim.internal;

import dev.keel.sim.Faults;

import java.io.IOException;

/** A non-streamed answer: wait as long as the whole answer takes, then write it, or the fault in its place. */
final class WholeAnswer {

    private WholeAnswer() {
    }

    static void write(Exchange exchange, Completion completion, Pacing pacing) throws IOException {
        Faults faults = exchange.faults();
        SimResponse response = exchange.response();
        Dialect dialect = exchange.dialect();
        if (exchange.fault() == Fault.TTFT_STALL) {
            Pacing.pause(faults.ttftStallMs());
        }
        if (completion.reasoning()) {
            Pacing.pause(faults.reasoningMs());
        }
        Pacing.pause(pacing.wholeAnswerMs());
        switch (exchange.fault()) {
            case ERROR_EVENT -> {
                ErrorSpec inBand = new ErrorSpec(200, faults.errorEventType(), null, "The provider failed mid-request.");
                exchange.sendError(inBand, exchange.headers());
            }
            case MALFORMED -> response.whole(200, "application/json", exchange.headers(), dialect.malformedAnswer(completion));
            case TRUNCATE -> {
                byte[] body = dialect.answer(completion, exchange.chat());
                response.cut(200, "application/json", exchange.headers(), body, body.length / 2);
            }
            case MID_STREAM_STALL -> {
                byte[] body = dialect.answer(completion, exchange.chat());
                response.beginWhole(200, "application/json", exchange.headers(), body.length);
                response.write(body, 0, body.length / 2);
                response.flush();
                Pacing.pause(faults.midStreamStallMs());
                response.write(body, body.length / 2, body.length - body.length / 2);
                response.flush();
            }
            default -> response.whole(200, "application/json", exchange.headers(), dialect.answer(completion, exchange.chat()));
        }
    }
}
