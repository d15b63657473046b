package dev.keel.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.function.Supplier;

/**
 * Meters of {@code keel alerts}, tag {@code sink} on each (low cardinality: the configured sink names):
 * {@code keel.alerts.sink.backlog} (pages queued or in flight per sink), {@code keel.alerts.deliveries}
 * ({@code outcome} = delivered | gave_up), {@code keel.alerts.attempts} ({@code result} = accepted | retry |
 * rejected), {@code keel.alerts.duplicates} (page transitions seen again and not re-sent) and
 * {@code keel.alerts.pages.undecodable}. Thread-safe.
 */
public final class AlertsMetrics {

    private final MeterRegistry registry;

    public AlertsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static AlertsMetrics standalone() {
        return new AlertsMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void backlog(String sink, Supplier<Number> size) {
        Gauge.builder("keel.alerts.sink.backlog", size).description("Pages waiting for or being sent to the sink")
                .tag("sink", sink).register(registry);
    }

    public void delivery(String sink, DeliveryOutcome outcome) {
        Counter.builder("keel.alerts.deliveries").description("Pages that reached their final outcome at a sink")
                .tag("sink", sink).tag("outcome", outcome.name().toLowerCase()).register(registry).increment();
    }

    public void attempt(String sink, String result) {
        Counter.builder("keel.alerts.attempts").description("Delivery attempts (HTTP calls) per sink and result")
                .tag("sink", sink).tag("result", result).register(registry).increment();
    }

    public void duplicate(String sink) {
        Counter.builder("keel.alerts.duplicates").description("Page transitions already handled by the sink, not sent again")
                .tag("sink", sink).register(registry).increment();
    }

    public void undecodable() {
        Counter.builder("keel.alerts.pages.undecodable").description("Records of the pages topic that could not be read (skipped)")
                .register(registry).increment();
    }

    public double backlogOf(String sink) {
        Gauge g = registry.find("keel.alerts.sink.backlog").tag("sink", sink).gauge();
        return g == null ? 0 : g.value();
    }

    public long deliveries(String sink, DeliveryOutcome outcome) {
        Counter c = registry.find("keel.alerts.deliveries").tag("sink", sink).tag("outcome", outcome.name().toLowerCase()).counter();
        return c == null ? 0 : (long) c.count();
    }

    public long duplicates(String sink) {
        Counter c = registry.find("keel.alerts.duplicates").tag("sink", sink).counter();
        return c == null ? 0 : (long) c.count();
    }
}
