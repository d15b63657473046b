package dev.keel.slo.internal;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether the app's consumer still has records to fetch from a source partition, from its
 * {@code records-lag} metric (as of the last fetch). An intake with lag is catching up, not idle,
 * however long it waited for the stream thread: so a CPU-bound replay never has a partition declared
 * idle, and never finds its results late. Handed to the intakes through the Streams config
 * ({@link #CONFIG_KEY}); absent (a {@code TopologyTestDriver}) means no lag is known. Thread-safe.
 */
public final class LagProbe {

    public static final String CONFIG_KEY = "keel.slo.lag-probe";
    private static final String LAG = "records-lag";
    private static final String GROUP = "consumer-fetch-manager-metrics";

    private volatile Supplier<Map<MetricName, ? extends Metric>> metrics;

    /** Points the probe at the app's metrics (KafkaStreams::metrics) once the app exists. */
    public void attach(Supplier<Map<MetricName, ? extends Metric>> source) {
        this.metrics = source;
    }

    /** True when a fetch reported records left in partition {@code partition} of any of {@code topics}. */
    boolean hasLag(java.util.Collection<String> topics, int partition) {
        Supplier<Map<MetricName, ? extends Metric>> source = metrics;
        if (source == null) {
            return false;
        }
        String p = Integer.toString(partition);
        for (Map.Entry<MetricName, ? extends Metric> e : source.get().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals(LAG) && name.group().equals(GROUP) && p.equals(name.tags().get("partition"))
                    && topics.contains(name.tags().get("topic")) && e.getValue().metricValue() instanceof Double lag && lag > 0) {
                return true;
            }
        }
        return false;
    }
}
