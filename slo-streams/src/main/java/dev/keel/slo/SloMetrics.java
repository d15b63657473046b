package dev.keel.slo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The SLO engine's own health: results that came too late for their window (counted, logged, not
 * added) and input records that could not be decoded (skipped). Meters {@code keel.slo.records.late}
 * and {@code keel.slo.records.undecodable} (tag {@code topic}). Thread-safe.
 */
public final class SloMetrics {

    /** The Streams config key under which {@link SloTopology} hands this object to its exception handler. */
    public static final String CONFIG_KEY = "keel.slo.metrics";

    private final MeterRegistry registry;
    private final Counter late;

    public SloMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.late = Counter.builder("keel.slo.records.late")
                .description("Results whose window had closed (event time past window end + grace) when they arrived")
                .register(registry);
    }

    /** Metrics kept in a private registry (tests, tools). */
    public static SloMetrics standalone() {
        return new SloMetrics(new SimpleMeterRegistry());
    }

    public void lateResult() {
        late.increment();
    }

    public void undecodable(String topic) {
        undecodableCounter(topic).increment();
    }

    public long lateResults() {
        return (long) late.count();
    }

    /** Undecodable records over every input topic. */
    public long undecodableRecords() {
        return (long) registry.find("keel.slo.records.undecodable").counters().stream().mapToDouble(Counter::count).sum();
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter undecodableCounter(String topic) {
        return Counter.builder("keel.slo.records.undecodable")
                .description("Input records the SLO engine could not decode and skipped")
                .tag("topic", topic == null ? "unknown" : topic)
                .register(registry);
    }
}
