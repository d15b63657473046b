package dev.keel.bench.load;

import java.time.Duration;

/**
 * The shape of one open-loop run: how many requests per second, for how long, which prompts and lanes.
 * Validates itself; a bad value throws {@link IllegalArgumentException} naming the field.
 *
 * @param rate             requests per second, sent on a fixed schedule whatever the answers do
 * @param duration         how long the measured part lasts
 * @param warmUp           sent before the measured part at a rate rising from 0 to {@code rate}, not counted (JIT, group join, connections)
 * @param repeatShare      share (0..1) of requests that reuse a prompt of the hot set, so a cache can answer them
 * @param batchShare       share (0..1) of requests on the batch lane ({@code llm.requests.batch}); the rest interactive
 * @param stream           ask for a streamed answer (HTTP targets; Kafka results always travel whole)
 * @param maxOutputTokens  {@code max_output_tokens} of every request
 * @param timeout          a request without an answer this long after its scheduled time is a failure
 * @param providerLatency  the provider's known answer time, used as its share of a request when the target
 *                         cannot tell it (HTTP); {@link Duration#ZERO} when unknown
 * @param hotPrompts       size of the set repeated prompts are drawn from
 * @param seed             makes the prompt and lane mix reproducible
 */
public record LoadSpec(int rate, Duration duration, Duration warmUp, double repeatShare, double batchShare, boolean stream,
                       int maxOutputTokens, Duration timeout, Duration providerLatency, int hotPrompts, long seed) {

    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 16;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_HOT_PROMPTS = 200;
    public static final long DEFAULT_SEED = 15;

    public LoadSpec {
        require(rate > 0 && rate <= 100_000, "rate must be 1..100000 requests/s, got " + rate);
        require(duration != null && !duration.isNegative() && !duration.isZero(), "duration must be positive");
        require(warmUp != null && !warmUp.isNegative(), "warm-up must not be negative");
        require(repeatShare >= 0 && repeatShare <= 1, "repeat-share must be between 0 and 1, got " + repeatShare);
        require(batchShare >= 0 && batchShare <= 1, "batch-share must be between 0 and 1, got " + batchShare);
        require(maxOutputTokens > 0, "max-output-tokens must be positive, got " + maxOutputTokens);
        require(timeout != null && timeout.toMillis() > 0, "timeout must be positive");
        require(providerLatency != null && !providerLatency.isNegative(), "provider-latency must not be negative");
        require(hotPrompts > 0, "hot-prompts must be positive, got " + hotPrompts);
    }

    /** {@code rate} requests/s for {@code duration} after the default warm-up; unique prompts, interactive lane. */
    public static LoadSpec of(int rate, Duration duration) {
        return new LoadSpec(rate, duration, DEFAULT_WARM_UP, 0, 0, false, DEFAULT_MAX_OUTPUT_TOKENS, DEFAULT_TIMEOUT,
                Duration.ZERO, DEFAULT_HOT_PROMPTS, DEFAULT_SEED);
    }

    public LoadSpec withWarmUp(Duration newWarmUp) {
        return new LoadSpec(rate, duration, newWarmUp, repeatShare, batchShare, stream, maxOutputTokens, timeout, providerLatency, hotPrompts, seed);
    }

    public LoadSpec withRepeatShare(double share) {
        return new LoadSpec(rate, duration, warmUp, share, batchShare, stream, maxOutputTokens, timeout, providerLatency, hotPrompts, seed);
    }

    public LoadSpec withBatchShare(double share) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, share, stream, maxOutputTokens, timeout, providerLatency, hotPrompts, seed);
    }

    public LoadSpec withStream(boolean streamed) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, batchShare, streamed, maxOutputTokens, timeout, providerLatency, hotPrompts, seed);
    }

    public LoadSpec withTimeout(Duration newTimeout) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, batchShare, stream, maxOutputTokens, newTimeout, providerLatency, hotPrompts, seed);
    }

    public LoadSpec withProviderLatency(Duration latency) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, batchShare, stream, maxOutputTokens, timeout, latency, hotPrompts, seed);
    }

    public LoadSpec withMaxOutputTokens(int tokens) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, batchShare, stream, tokens, timeout, providerLatency, hotPrompts, seed);
    }

    public LoadSpec withHotPrompts(int count) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, batchShare, stream, maxOutputTokens, timeout, providerLatency, count, seed);
    }

    public LoadSpec withSeed(long newSeed) {
        return new LoadSpec(rate, duration, warmUp, repeatShare, batchShare, stream, maxOutputTokens, timeout, providerLatency, hotPrompts, newSeed);
    }

    /** Requests sent before the measured part: the warm-up ramps the rate from 0 to {@code rate}, so half of {@code rate x warm-up}. */
    public long warmUpRequests() {
        return rate * warmUp.toNanos() / 2_000_000_000L;
    }

    /** Requests of the measured part. */
    public long measuredRequests() {
        return rate * duration.toNanos() / 1_000_000_000L;
    }

    /**
     * When the {@code index}-th request is due, in nanoseconds after the run's start (no drift over long runs). During
     * the warm-up the rate rises in a straight line from 0 to {@code rate} (request i is due at sqrt(2 x warm-up x i / rate));
     * then it is {@code rate}. Why a ramp: a cold start at the full rate is a different measurement (two cold JVMs miss
     * the 2 s TTFT timeout and open cooldowns that are still open when the measured part begins); run it with
     * {@code --warm-up 0s}.
     */
    public long offsetNanos(long index) {
        long warm = warmUpRequests();
        if (index < warm) {
            return (long) Math.sqrt(2.0 * warmUp.toNanos() * index * 1_000_000_000.0 / rate);
        }
        return warmUp.toNanos() + (index - warm) * 1_000_000_000L / rate;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
