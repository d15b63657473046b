package dev.keel.sim.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The faults a provider answers before generating anything: 429, 529, an error status, an HTML page, a reset. */
final class RefusalFaults {

    private static final String HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><center>"
            + "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    private RefusalFaults() {
    }

    /** @return true when the exchange's fault was answered here and nothing else may be written */
    static boolean answered(Exchange exchange) throws IOException {
        Dialect dialect = exchange.dialect();
        switch (exchange.fault()) {
            case RATE_LIMIT -> {
                Map<String, String> headers = new LinkedHashMap<>(exchange.headers());
                headers.putAll(dialect.rateLimitHeaders(exchange.faults().retryAfterMs(), exchange.faults().quotaExhausted()));
                exchange.sendError(dialect.rateLimited(exchange.faults().quotaExhausted()), headers);
                return true;
            }
            case OVERLOAD -> {
                exchange.sendError(dialect.overloaded(), exchange.headers());
                return true;
            }
            case ERROR_STATUS -> {
                exchange.sendError(dialect.status(exchange.faults().errorStatus()), exchange.headers());
                return true;
            }
            case WRONG_CONTENT_TYPE -> {
                exchange.response().whole(200, "text/html", exchange.headers(), HTML_PAGE.getBytes(StandardCharsets.UTF_8));
                return true;
            }
            case RESET -> {
                if (!exchange.chat().stream()) {
                    exchange.response().reset();
                    return true;
                }
                return false; // a streamed request is reset mid-stream
            }
            default -> {
                return false;
            }
        }
    }
}
