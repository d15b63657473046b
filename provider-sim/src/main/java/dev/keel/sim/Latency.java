package dev.keel.sim;

/**
 * How fast the simulated model answers: time to first token and the gap between tokens, each drawn
 * from a log-normal distribution given by its median and 95th percentile (milliseconds). A median of
 * 0 means no delay (tests); p95 below the median is raised to it (no spread).
 *
 * @param ttftMedianMs  median request -> first token
 * @param ttftP95Ms     95th percentile request -> first token
 * @param tokenMedianMs median gap between two tokens
 * @param tokenP95Ms    95th percentile gap between two tokens
 */
public record Latency(double ttftMedianMs, double ttftP95Ms, double tokenMedianMs, double tokenP95Ms) {

    /** No delay at all: for tests. */
    public static final Latency NONE = new Latency(0, 0, 0, 0);
    /** Roughly a small hosted model on a good day: TTFT ~350 ms (p95 1.2 s), ~60 tokens/s. */
    public static final Latency REALISTIC = new Latency(350, 1200, 16, 45);

    public Latency {
        check(ttftMedianMs, "ttft_median_ms");
        check(ttftP95Ms, "ttft_p95_ms");
        check(tokenMedianMs, "token_median_ms");
        check(tokenP95Ms, "token_p95_ms");
        ttftP95Ms = Math.max(ttftP95Ms, ttftMedianMs);
        tokenP95Ms = Math.max(tokenP95Ms, tokenMedianMs);
    }

    private static void check(double ms, String field) {
        if (!(ms >= 0) || ms > 600_000) {
            throw new IllegalArgumentException(field + " must be between 0 and 600000 ms, got " + ms);
        }
    }
}
