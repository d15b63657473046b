package dev.keel.slo.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Event time as one engine task sees it: the latest {@link EngineInput.Watermark} of every source
 * partition (every intake task sends its watermark to every engine partition). Effective time is:
 * <ul>
 *   <li>nothing while a source partition has sent no watermark yet, or has no clock and is active (not
 *       idle) or became known as idle less than the idle timeout (engine wall time) after the first
 *       clock of any source arrived: at a start every partition gets that long to bring its first
 *       result, however long it was idle before (it may still bring the earliest data);</li>
 *   <li>else, with active sources: the minimum of their progress (clock plus the wall time since their
 *       last result, as the intake measured it);</li>
 *   <li>else (every source idle): the largest progress.</li>
 * </ul>
 * Past the start it is a function of the watermarks' contents alone, not of when this task reads them,
 * so a slow or busy engine task never declares a source idle: only the intake that reads the partition does.
 * Stream-thread only; rebuilt from fresh watermarks after a restart (intakes send one every tick).
 */
final class WatermarkClock {

    static final long NOT_YET = Long.MIN_VALUE;
    private static final Logger LOGGER = LoggerFactory.getLogger(WatermarkClock.class);
    private static final long UNKNOWN = EngineInput.Watermark.UNKNOWN;

    private EngineInput.Watermark[] latest;
    private final long idleMs;
    private long firstClockWall = Long.MIN_VALUE;

    WatermarkClock(int sources, long idleMs) {
        this.latest = new EngineInput.Watermark[Math.max(1, sources)];
        this.idleMs = idleMs;
    }

    void accept(EngineInput.Watermark w, long wallNow) {
        if (w.source() >= latest.length) {
            LOGGER.warn("source partition beyond the expected count sources_expected={} source_seen={}: "
                    + "windows may close before it is counted until the SLO app restarts with the real partition count", latest.length, w.source());
            latest = Arrays.copyOf(latest, w.source() + 1);
        }
        latest[w.source()] = w;
        if (firstClockWall == Long.MIN_VALUE && w.progress() != UNKNOWN) {
            firstClockWall = wallNow;
        }
    }

    long effective(long wallNow) {
        boolean starting = firstClockWall == Long.MIN_VALUE || wallNow - firstClockWall < idleMs;
        long minActive = Long.MAX_VALUE;
        long maxAll = NOT_YET;
        for (EngineInput.Watermark w : latest) {
            if (w == null) {
                return NOT_YET;
            }
            if (w.clock() == UNKNOWN && (!w.idle() || starting)) {
                return NOT_YET;
            }
            if (!w.idle()) {
                minActive = Math.min(minActive, w.progress());
            }
            if (w.progress() != UNKNOWN) {
                maxAll = Math.max(maxAll, w.progress());
            }
        }
        return minActive != Long.MAX_VALUE ? minActive : maxAll;
    }
}
