package dev.keel.bench.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run. Histograms hold microseconds.
 *
 * @param target        the target's name
 * @param spec          what was asked
 * @param sent          measured requests sent
 * @param succeeded     measured requests with a usable answer
 * @param failures      measured requests without one, by reason (timeouts included)
 * @param cacheHits     answers served from Keel's cache
 * @param achievedRate  successful answers per second, first to last successful answer (plus one send interval)
 * @param latency       end-to-end latency from the scheduled send time
 * @param overhead      latency minus the provider's time; empty when the provider's time is unknown
 * @param sendSlip      how late the pacer sent (shows when the load generator itself could not keep up)
 * @param probes        lines from the run's probes (lag, CPU, heap)
 */
public record LoadReport(String target, LoadSpec spec, long sent, long succeeded, Map<String, Long> failures, long cacheHits,
                         double achievedRate, Histogram latency, Histogram overhead, Histogram sendSlip, List<String> probes) {

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Percentile of a histogram in milliseconds (0 when empty). */
    public static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public static double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
    }

    /** Human-readable lines, one figure group a line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "target: %s; %d req/s for %ds after %ds warm-up, repeat-share %.2f, batch-share %.2f, %s",
                target, spec.rate(), spec.duration().toSeconds(), spec.warmUp().toSeconds(), spec.repeatShare(), spec.batchShare(),
                spec.stream() ? "streamed" : "whole"));
        out.add(String.format(Locale.ROOT, "achieved: %.0f answers/s; sent %d, succeeded %d, failed %d %s, cache hits %d (%.1f%%)",
                achievedRate, sent, succeeded, failed(), failures.isEmpty() ? "" : failures.toString(), cacheHits,
                succeeded == 0 ? 0.0 : 100.0 * cacheHits / succeeded));
        out.add(String.format(Locale.ROOT, "latency (from scheduled send): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
                ms(latency, 50), ms(latency, 95), ms(latency, 99), maxMs(latency)));
        out.add(overhead.getTotalCount() == 0 ? "keel overhead: unknown (no provider time)"
                : String.format(Locale.ROOT, "keel overhead (latency minus provider time): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                ms(overhead, 50), ms(overhead, 99), maxMs(overhead)));
        out.add(String.format(Locale.ROOT, "pacer slip: p99 %.1f ms, max %.1f ms", ms(sendSlip, 99), maxMs(sendSlip)));
        out.addAll(probes);
        return out;
    }
}
