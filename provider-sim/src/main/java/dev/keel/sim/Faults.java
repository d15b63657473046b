package dev.keel.sim;

/**
 * What goes wrong, per protocol, each a probability per request (0 = never, 1 = every request).
 * Decisions are drawn from the simulator's seed and the request's sequence number, so the same seed
 * and the same request order give the same faults. Outage and revoked keys are instance-wide
 * ({@link ProviderSim#outage}, {@link ProviderSim#revokeKeys}).
 *
 * @param errorRate            answer {@code errorStatus} with the provider's error body
 * @param errorStatus          the status of {@code errorRate} (default 500)
 * @param rateLimitRate        429; a rate of 1 is a 429 storm
 * @param retryAfterMs         {@code retry-after} (seconds, rounded up) and OpenAI's {@code retry-after-ms} on 429s
 * @param quotaExhausted       429s are quota errors instead ({@code insufficient_quota} /
 *                             {@code enforced_spend_limit_reached}, no retry-after)
 * @param overloadRate         529 {@code overloaded_error}
 * @param ttftStallRate        headers and start events go out, then nothing for {@code ttftStallMs}
 * @param ttftStallMs          length of a TTFT stall
 * @param midStreamStallRate   half the tokens go out, then nothing for {@code midStreamStallMs}
 * @param midStreamStallMs     length of a mid-stream stall
 * @param errorEventRate       a 200 stream carries an error event after some tokens (non-streamed: a 200 error body)
 * @param errorEventType       the error type of that event (default {@code overloaded_error})
 * @param truncateRate         the stream ends cleanly without its terminator (non-streamed: body cut, connection closed)
 * @param malformedRate        an event (or the whole body) is not JSON
 * @param wrongContentTypeRate a 200 {@code text/html} page, as from a captive proxy
 * @param resetRate            the connection is reset (TCP RST): before the answer, or mid-stream
 * @param reasoningRate        not a failure: the answer starts with {@code reasoningMs} of reasoning, as a reasoning
 *                             model's does (streamed: reasoning deltas, Anthropic {@code thinking_delta} / OpenAI-compatible
 *                             {@code reasoning_content}, every {@link #REASONING_DELTA_MS}; whole: the answer is that late).
 *                             Drawn apart from the faults, so it combines with any of them
 * @param reasoningMs          how long the reasoning lasts before the first content token (its TTFT draw follows)
 */
public record Faults(double errorRate, int errorStatus, double rateLimitRate, long retryAfterMs, boolean quotaExhausted,
                     double overloadRate, double ttftStallRate, long ttftStallMs, double midStreamStallRate,
                     long midStreamStallMs, double errorEventRate, String errorEventType, double truncateRate,
                     double malformedRate, double wrongContentTypeRate, double resetRate, double reasoningRate,
                     long reasoningMs) {

    public static final int DEFAULT_ERROR_STATUS = 500;
    public static final long DEFAULT_RETRY_AFTER_MS = 1000;
    public static final long DEFAULT_STALL_MS = 30_000;
    public static final String DEFAULT_ERROR_EVENT_TYPE = "overloaded_error";
    public static final long DEFAULT_REASONING_MS = 3_000;
    /** The gap between two reasoning deltas. */
    public static final long REASONING_DELTA_MS = 100;

    /** Nothing goes wrong. */
    public static final Faults NONE = new Faults(0, DEFAULT_ERROR_STATUS, 0, DEFAULT_RETRY_AFTER_MS, false, 0, 0,
            DEFAULT_STALL_MS, 0, DEFAULT_STALL_MS, 0, DEFAULT_ERROR_EVENT_TYPE, 0, 0, 0, 0, 0, DEFAULT_REASONING_MS);

    public Faults {
        rate(errorRate, "error_rate");
        rate(rateLimitRate, "rate_limit_rate");
        rate(overloadRate, "overload_rate");
        rate(ttftStallRate, "ttft_stall_rate");
        rate(midStreamStallRate, "mid_stream_stall_rate");
        rate(errorEventRate, "error_event_rate");
        rate(truncateRate, "truncate_rate");
        rate(malformedRate, "malformed_rate");
        rate(wrongContentTypeRate, "wrong_content_type_rate");
        rate(resetRate, "reset_rate");
        rate(reasoningRate, "reasoning_rate");
        nonNegative(reasoningMs, "reasoning_ms");
        if (errorStatus < 400 || errorStatus > 599) {
            throw new IllegalArgumentException("error_status must be a 4xx or 5xx status, got " + errorStatus);
        }
        nonNegative(retryAfterMs, "retry_after_ms");
        nonNegative(ttftStallMs, "ttft_stall_ms");
        nonNegative(midStreamStallMs, "mid_stream_stall_ms");
        if (errorEventType == null || !errorEventType.matches("[a-z_]{1,64}")) {
            throw new IllegalArgumentException("error_event_type must be a provider error type such as overloaded_error");
        }
    }

    public Faults withErrors(double rate, int status) {
        return new Faults(rate, status, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate, ttftStallMs,
                midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withRateLimits(double rate, long retryAfter, boolean quota) {
        return new Faults(errorRate, errorStatus, rate, retryAfter, quota, overloadRate, ttftStallRate, ttftStallMs,
                midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withOverload(double rate) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, rate, ttftStallRate, ttftStallMs,
                midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withTtftStall(double rate, long stallMs) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, rate, stallMs,
                midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withMidStreamStall(double rate, long stallMs) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, rate, stallMs, errorEventRate, errorEventType, truncateRate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withErrorEvents(double rate, String type) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, midStreamStallRate, midStreamStallMs, rate, type, truncateRate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withTruncation(double rate) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, rate, malformedRate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withMalformed(double rate) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate, rate,
                wrongContentTypeRate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withWrongContentType(double rate) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate,
                malformedRate, rate, resetRate, reasoningRate, reasoningMs);
    }

    public Faults withResets(double rate) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate,
                malformedRate, wrongContentTypeRate, rate, reasoningRate, reasoningMs);
    }

    /** Answers that start with {@code ms} of reasoning, at {@code rate}. */
    public Faults withReasoning(double rate, long ms) {
        return new Faults(errorRate, errorStatus, rateLimitRate, retryAfterMs, quotaExhausted, overloadRate, ttftStallRate,
                ttftStallMs, midStreamStallRate, midStreamStallMs, errorEventRate, errorEventType, truncateRate,
                malformedRate, wrongContentTypeRate, resetRate, rate, ms);
    }

    private static void rate(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1, got " + value);
        }
    }

    private static void nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }
}
