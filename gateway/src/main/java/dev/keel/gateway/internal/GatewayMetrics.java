package dev.keel.gateway.internal;

import dev.keel.client.ClientStats;
import dev.keel.client.KeelClient;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's meters: one request counter and one latency timer, tagged with the HTTP status,
 * whether the call streamed and (for answers) provider and cache outcome: low cardinality, never a
 * tenant key or a prompt. The KeelClient's counters are bound as {@code keel.client.*}. Thread-safe.
 */
public final class GatewayMetrics {

    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Timer> latency;

    public GatewayMetrics(MeterRegistry registry) {
        this.requests = Counter.builder("keel.gateway.requests").description("Chat completion calls answered, by HTTP status")
                .withRegistry(registry);
        this.latency = Timer.builder("keel.gateway.request.duration").description("Time from a call's arrival to its answer")
                .withRegistry(registry);
    }

    public void bind(MeterRegistry registry, KeelClient client) {
        Gauge.builder("keel.client.pending", client, c -> c.stats().pending()).description("Requests waiting for a result").register(registry);
        counter(registry, client, "keel.client.completed", "Futures completed with their result", s -> s.completed());
        counter(registry, client, "keel.client.timed_out", "Futures failed with no result in time", s -> s.timedOut());
        counter(registry, client, "keel.client.overloaded", "Submissions refused at max-pending", s -> s.overloaded());
        counter(registry, client, "keel.client.publish_failed", "Submissions Kafka did not accept", s -> s.publishFailed());
        counter(registry, client, "keel.client.late", "Results that matched no waiting future (dropped)", s -> s.late());
        counter(registry, client, "keel.client.undecodable", "Reply records that were not a PromptResult (dropped)", s -> s.undecodable());
    }

    private static void counter(MeterRegistry registry, KeelClient client, String name, String description, ToDoubleFunction<ClientStats> read) {
        FunctionCounter.builder(name, client, c -> read.applyAsDouble(c.stats())).description(description).register(registry);
    }

    public void answered(int status, boolean stream, PromptResult result, long nanos) {
        String provider = result.getProvider() == null ? "none" : result.getProvider();
        requests.withTags("status", Integer.toString(status), "stream", Boolean.toString(stream), "provider", provider,
                "cache", result.getCache().name()).increment();
        latency.withTags("status", Integer.toString(status), "stream", Boolean.toString(stream)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void failed(Failure failure, boolean stream, long nanos) {
        requests.withTags("status", Integer.toString(failure.status()), "stream", Boolean.toString(stream), "provider", "none",
                "cache", "NONE").increment();
        latency.withTags("status", Integer.toString(failure.status()), "stream", Boolean.toString(stream)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
