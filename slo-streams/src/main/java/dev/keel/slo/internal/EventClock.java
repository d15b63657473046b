package dev.keel.slo.internal;

import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Event time as the engine sees it: one clock per partition of the results topic, because the
 * partitions reach the engine's single task interleaved in arbitrary chunks (one may be minutes ahead
 * of another during a replay). Partition p has clock c[p] = the largest {@code completed_at} accepted
 * from it, and an anchor a[p] = the wall time of that acceptance. The engine's effective time is the
 * minimum of c[p] + (wall now - a[p]) over the partitions that are active (sent something within the
 * idle timeout), so a partition that lags holds windows open while one that has gone quiet does not;
 * with every partition idle it is the largest clock plus the wall time since the last result. When
 * the clock starts (first observation ever, event time t, wall time w), every partition starts at
 * c = t, a = w. Clocks are kept in the changelogged meta store; anchors restart at the wall time of
 * {@code init}. Stream-thread only.
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

    /**
     * The minimum of c[p] + (wall now - a[p]) over the active partitions (those that sent a result
     * less than {@code idleMs} of wall time ago); when every partition is idle, the largest clock plus
     * the wall time since the last accepted result.
     */
    long effective(long wallNow, long idleMs) {
        long minActive = Long.MAX_VALUE;
        long maxClock = Long.MIN_VALUE;
        long lastAnchor = Long.MIN_VALUE;
        for (int p = 0; p < clocks.length; p++) {
            long sinceLast = Math.max(0, wallNow - anchors[p]);
            if (sinceLast < idleMs) {
                minActive = Math.min(minActive, clocks[p] + sinceLast);
            }
            maxClock = Math.max(maxClock, clocks[p]);
            lastAnchor = Math.max(lastAnchor, anchors[p]);
        }
        return minActive != Long.MAX_VALUE ? minActive : maxClock + Math.max(0, wallNow - lastAnchor);
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
