package dev.keel.slo.internal;

import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Event time as the engine sees it: one clock per partition of the results topic, because the
 * partitions reach the engine's single task interleaved in arbitrary chunks (one may be minutes ahead
 * of another during a replay). Partition p has clock c[p] = the largest {@code completed_at} accepted
 * from it (unknown until it sends one), and an anchor a[p] = the wall time of that acceptance (the
 * clock's start for a partition that never sent anything). A partition is active while less than the
 * idle timeout of wall time passed since its anchor. The engine's effective time is:
 * <ul>
 *   <li>with an active partition of unknown clock: nothing (it may still bring the earliest data);</li>
 *   <li>else with active partitions: the minimum over them of c[p] + (wall now - a[p]);</li>
 *   <li>else (all idle): the largest known clock (or the start time) plus the wall time since the
 *       latest anchor.</li>
 * </ul>
 * A lagging partition holds windows open; a quiet one stops doing so after the idle timeout. Clocks
 * and the start time are kept in the changelogged meta store; anchors restart at the wall time of
 * {@code init}. Stream-thread only.
 */
final class EventClock {

    /** {@link #effective} when no window may close yet. */
    static final long NOT_YET = Long.MIN_VALUE;
    private static final Logger LOGGER = LoggerFactory.getLogger(EventClock.class);
    private static final String KEY = "clock|";
    private static final String START = "clock-start";
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final KeyValueStore<String, String> meta;
    private long[] clocks;
    private long[] anchors;
    private long startWall;

    EventClock(KeyValueStore<String, String> meta, int partitions, long wallNow) {
        this.meta = meta;
        this.clocks = new long[partitions];
        this.anchors = new long[partitions];
        this.startWall = wallNow;
        Arrays.fill(anchors, wallNow);
        for (int p = 0; p < partitions; p++) {
            String stored = meta.get(KEY + p);
            clocks[p] = stored == null ? UNKNOWN : Long.parseLong(stored);
        }
    }

    boolean started() {
        return meta.get(START) != null;
    }

    void start(long eventTime, long wallNow) {
        meta.put(START, Long.toString(eventTime));
        startWall = wallNow;
        Arrays.fill(anchors, wallNow);
    }

    /** An accepted result from {@code partition}. */
    void advance(int partition, long eventTime, long wallNow) {
        if (partition < 0) {
            return;
        }
        if (partition >= clocks.length) {
            grow(partition + 1, wallNow);
        }
        if (clocks[partition] == UNKNOWN || eventTime > clocks[partition]) {
            clocks[partition] = eventTime;
            meta.put(KEY + partition, Long.toString(eventTime));
        }
        anchors[partition] = wallNow;
    }

    /** Effective event time (see the class doc), or {@link #NOT_YET}. */
    long effective(long wallNow, long idleMs) {
        long minActive = Long.MAX_VALUE;
        long maxKnown = UNKNOWN;
        long lastAnchor = startWall;
        for (int p = 0; p < clocks.length; p++) {
            long since = Math.max(0, wallNow - anchors[p]);
            if (since < idleMs) {
                if (clocks[p] == UNKNOWN) {
                    return NOT_YET;
                }
                minActive = Math.min(minActive, clocks[p] + since);
            }
            if (clocks[p] != UNKNOWN) {
                maxKnown = Math.max(maxKnown, clocks[p]);
                lastAnchor = Math.max(lastAnchor, anchors[p]);
            }
        }
        if (minActive != Long.MAX_VALUE) {
            return minActive;
        }
        long base = maxKnown != UNKNOWN ? maxKnown : Long.parseLong(meta.get(START));
        return base + Math.max(0, wallNow - lastAnchor);
    }

    private void grow(int partitions, long wallNow) {
        LOGGER.warn("results partition beyond the expected count partitions_expected={} partition_seen={}: "
                + "its records may be late until the SLO app restarts with the topic's real partition count", clocks.length, partitions - 1);
        int old = clocks.length;
        clocks = Arrays.copyOf(clocks, partitions);
        anchors = Arrays.copyOf(anchors, partitions);
        for (int p = old; p < partitions; p++) {
            clocks[p] = UNKNOWN;
            anchors[p] = wallNow;
        }
    }
}
