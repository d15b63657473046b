package dev.keel.slo.internal;

import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Event time as the engine sees it: one clock per partition of the results topic, because the
 * partitions reach the engine's single task interleaved in arbitrary chunks (one may be minutes ahead
 * of another during a replay). Partition p has clock c[p] = the largest {@code completed_at} accepted
 * from it, and an anchor a[p] = the wall time of that acceptance; its effective time is
 * c[p] + (wall now - a[p]), and the engine's effective time is the minimum over all partitions. When
 * the clock starts (first observation ever, event time t), every partition starts at c = t, so a
 * partition that never sends anything advances with wall time. Clocks are kept in the changelogged
 * meta store; anchors restart at the wall time of {@code init}. Stream-thread only.
 */
final class EventClock {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventClock.class);
    private static final String KEY = "clock|";

    private final KeyValueStore<String, String> meta;
    private long[] clocks;
    private long[] anchors;
    private boolean started;

    EventClock(KeyValueStore<String, String> meta, int partitions, long wallNow) {
        this.meta = meta;
        this.clocks = new long[partitions];
        this.anchors = new long[partitions];
        Arrays.fill(anchors, wallNow);
        long earliest = Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            String stored = meta.get(KEY + p);
            clocks[p] = stored == null ? Long.MIN_VALUE : Long.parseLong(stored);
            earliest = stored == null ? earliest : Math.min(earliest, clocks[p]);
        }
        started = earliest != Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            if (started && clocks[p] == Long.MIN_VALUE) {
                set(p, earliest);
            }
        }
    }

    boolean started() {
        return started;
    }

    void start(long eventTime, long wallNow) {
        for (int p = 0; p < clocks.length; p++) {
            set(p, eventTime);
            anchors[p] = wallNow;
        }
        started = true;
    }

    /** An accepted result from {@code partition}. */
    void advance(int partition, long eventTime, long wallNow) {
        if (partition < 0) {
            return;
        }
        if (partition >= clocks.length) {
            grow(partition + 1, eventTime, wallNow);
        }
        if (eventTime > clocks[partition]) {
            set(partition, eventTime);
        }
        anchors[partition] = wallNow;
    }

    long effective(long wallNow) {
        long min = Long.MAX_VALUE;
        for (int p = 0; p < clocks.length; p++) {
            min = Math.min(min, clocks[p] + Math.max(0, wallNow - anchors[p]));
        }
        return min;
    }

    private void grow(int partitions, long eventTime, long wallNow) {
        LOGGER.warn("results partition beyond the expected count partitions_expected={} partition_seen={}: "
                + "its records may be late until the SLO app restarts with the topic's real partition count", clocks.length, partitions - 1);
        int old = clocks.length;
        clocks = Arrays.copyOf(clocks, partitions);
        anchors = Arrays.copyOf(anchors, partitions);
        for (int p = old; p < partitions; p++) {
            set(p, eventTime);
            anchors[p] = wallNow;
        }
    }

    private void set(int partition, long eventTime) {
        clocks[partition] = eventTime;
        meta.put(KEY + partition, Long.toString(eventTime));
    }
}
