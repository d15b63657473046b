package dev.keel.bench.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Counts and histograms of one run. Latency is answer time minus the request's <em>scheduled</em> time, so
 * a slow target or a late pacer shows up in the figures instead of silently thinning the load. Histograms
 * hold microseconds. Keel's overhead is latency minus the provider's time ({@link Answer#providerNanos},
 * else the spec's known provider latency); it is not recorded when neither is known.
 *
 * <p>Thread-safe: answers are recorded from any thread.
 */
public final class LoadRecorder {

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final long assumedProviderNanos;
    private final Histogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram overhead = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram sendSlip = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final LongAccumulator firstAnswer = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator lastAnswer = new LongAccumulator(Math::max, Long.MIN_VALUE);

    public LoadRecorder(long assumedProviderNanos) {
        this.assumedProviderNanos = assumedProviderNanos;
    }

    /** A request left the pacer {@code slipNanos} after it was due. */
    void sent(boolean measured, long slipNanos) {
        outstanding.incrementAndGet();
        if (measured) {
            sent.incrementAndGet();
            sendSlip.recordValue(Math.max(0, slipNanos) / 1_000);
        }
    }

    /** The answer (or {@code error}) to {@code request} arrived at {@code nowNanos}. */
    void answered(LoadRequest request, boolean measured, long nowNanos, Answer answer, Throwable error) {
        try {
            if (!measured) {
                return;
            }
            if (error != null || answer == null || !answer.ok()) {
                String reason = error != null ? reason(error) : answer == null ? "no answer" : answer.error();
                failures.computeIfAbsent(reason == null ? "failed" : reason, r -> new AtomicLong()).incrementAndGet();
                return;
            }
            long e2e = Math.max(0, nowNanos - request.scheduledNanos());
            succeeded.incrementAndGet();
            firstAnswer.accumulate(nowNanos);
            lastAnswer.accumulate(nowNanos);
            latency.recordValue(e2e / 1_000);
            if (answer.cacheHit()) {
                cacheHits.incrementAndGet();
            }
            long provider = answer.providerNanos() != Answer.UNKNOWN ? answer.providerNanos() : assumedProviderNanos;
            if (provider != Answer.UNKNOWN) {
                overhead.recordValue(Math.max(0, e2e - provider) / 1_000);
            }
        } finally {
            outstanding.decrementAndGet();
        }
    }

    /** Requests sent (warm-up included) still without an answer. */
    long outstanding() {
        return outstanding.get();
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof java.util.concurrent.TimeoutException ? "timeout" : cause.getClass().getSimpleName();
    }

    long sent() {
        return sent.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    long cacheHits() {
        return cacheHits.get();
    }

    Map<String, Long> failures() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Successful answers per second between the first and the last, one send interval added; 0 without answers. */
    double achievedRate(long intervalNanos) {
        long first = firstAnswer.get();
        long last = lastAnswer.get();
        return first > last ? 0 : succeeded.get() * 1e9 / (last - first + intervalNanos);
    }

    Histogram latency() {
        return latency.copy();
    }

    Histogram overhead() {
        return overhead.copy();
    }

    Histogram sendSlip() {
        return sendSlip.copy();
    }
}
