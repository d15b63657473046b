package dev.keel.slo.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Event time as one engine task sees it: the latest {@link EngineInput.Watermark} of every source
 * partition (every intake task sends its watermark to every engine partition). Effective time is:
 * <ul>
 *   <li>nothing while a source partition has sent no watermark yet, or is active (not idle) with no
 *       clock (it may still bring the earliest data);</li>
 *   <li>else, with active sources: the minimum of their progress (clock plus the wall time since their
 *       last result, as the intake measured it);</li>
 *   <li>else (every source idle): the largest progress.</li>
 * </ul>
 * It is a function of the watermarks' contents alone, not of when this task reads them, so a slow or
 * busy engine task never declares a source idle: only the intake that reads the partition does.
 * Stream-thread only; rebuilt from fresh watermarks after a restart (intakes send one every tick).
 */
final class WatermarkClock {

    static final long NOT_YET = Long.MIN_VALUE;
    private static final Logger LOGGER = LoggerFactory.getLogger(WatermarkClock.class);
    private static final long UNKNOWN = EngineInput.Watermark.UNKNOWN;

    private EngineInput.Watermark[] latest;

    WatermarkClock(int sources) {
        this.latest = new EngineInput.Watermark[Math.max(1, sources)];
    }

    void accept(EngineInput.Watermark w) {
        if (w.source() >= latest.length) {
            LOGGER.warn("source partition beyond the expected count sources_expected={} source_seen={}: "
                    + "windows may close before it is counted until the SLO app restarts with the real partition count", latest.length, w.source());
            latest = Arrays.copyOf(latest, w.source() + 1);
        }
        latest[w.source()] = w;
    }

    /** Whether any source has an observation (the clock has started). */
    boolean started() {
        for (EngineInput.Watermark w : latest) {
            if (w != null && w.progress() != UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    long effective() {
        long minActive = Long.MAX_VALUE;
        long maxAll = NOT_YET;
        for (EngineInput.Watermark w : latest) {
            if (w == null) {
                return NOT_YET;
            }
            if (!w.idle()) {
                if (w.clock() == UNKNOWN) {
                    return NOT_YET;
                }
                minActive = Math.min(minActive, w.progress());
            }
            if (w.progress() != UNKNOWN) {
                maxAll = Math.max(maxAll, w.progress());
            }
        }
        return minActive != Long.MAX_VALUE ? minActive : maxAll;
    }
}
