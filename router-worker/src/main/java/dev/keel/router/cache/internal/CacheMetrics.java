package dev.keel.router.cache.internal;

import dev.keel.router.cache.CacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.LongAdder;

/**
 * The cache's meters: {@code keel.cache.lookups{result=hit|miss|stale|error}},
 * {@code keel.cache.stale_serves} and {@code keel.cache.writes{result=ok|error}}, plus the same counts kept
 * locally for {@link CacheStats}. Tags are fixed sets (no tenant, no key). Thread-safe.
 */
public final class CacheMetrics {

    private final Counter hit;
    private final Counter miss;
    private final Counter stale;
    private final Counter error;
    private final Counter staleServes;
    private final Counter writeOk;
    private final Counter writeError;
    private final LongAdder[] counts = new LongAdder[7];

    public CacheMetrics(MeterRegistry registry, String store) {
        hit = lookups(registry, store, "hit");
        miss = lookups(registry, store, "miss");
        stale = lookups(registry, store, "stale");
        error = lookups(registry, store, "error");
        staleServes = Counter.builder("keel.cache.stale_serves").tag("store", store)
                .description("Stale answers served because every provider failed (travel mode)").register(registry);
        writeOk = writes(registry, store, "ok");
        writeError = writes(registry, store, "error");
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    private static Counter lookups(MeterRegistry registry, String store, String result) {
        return Counter.builder("keel.cache.lookups").tag("store", store).tag("result", result)
                .description("Response cache reads by result; error means the store did not answer in time").register(registry);
    }

    private static Counter writes(MeterRegistry registry, String store, String result) {
        return Counter.builder("keel.cache.writes").tag("store", store).tag("result", result)
                .description("Write-through response cache writes").register(registry);
    }

    public void hit() {
        hit.increment();
        counts[0].increment();
    }

    public void miss() {
        miss.increment();
        counts[1].increment();
    }

    public void stale() {
        stale.increment();
        counts[2].increment();
    }

    public void error() {
        error.increment();
        counts[3].increment();
    }

    public void staleServe() {
        staleServes.increment();
        counts[4].increment();
    }

    public void written() {
        writeOk.increment();
        counts[5].increment();
    }

    public void writeFailed() {
        writeError.increment();
        counts[6].increment();
    }

    public CacheStats stats() {
        return new CacheStats(counts[0].sum(), counts[1].sum(), counts[2].sum(), counts[3].sum(),
                counts[4].sum(), counts[5].sum(), counts[6].sum());
    }
}
