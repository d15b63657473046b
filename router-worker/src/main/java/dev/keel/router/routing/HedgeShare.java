package dev.keel.router.routing;

import java.time.Clock;
import java.time.Duration;

/**
 * The cap on hedging: over a sliding window of one-second buckets, at most {@code percent}% of the calls that
 * could hedge may do so (at least one per window when the share is above zero, so a quiet worker can still
 * hedge). Zero means never. Thread-safe; on the router's clock.
 */
final class HedgeShare {

    private final double share;
    private final Clock clock;
    private final long[] second;
    private final long[] eligible;
    private final long[] hedged;

    HedgeShare(float percent, Duration window, Clock clock) {
        this.share = percent / 100.0;
        this.clock = clock;
        int buckets = (int) Math.max(1, window.toSeconds());
        this.second = new long[buckets];
        this.eligible = new long[buckets];
        this.hedged = new long[buckets];
    }

    /** A first try that has a next provider to hedge to. */
    synchronized void eligible() {
        eligible[bucket()]++;
    }

    /** Takes one hedge from the cap, or false when the window's share is used up. */
    synchronized boolean tryAcquire() {
        int current = bucket();
        long calls = 0;
        long hedges = 0;
        for (int i = 0; i < second.length; i++) {
            calls += eligible[i];
            hedges += hedged[i];
        }
        long allowed = share <= 0 ? 0 : Math.max(1, (long) Math.floor(share * calls));
        if (hedges >= allowed) {
            return false;
        }
        hedged[current]++;
        return true;
    }

    /** Gives back a hedge taken but not started (the next provider's budget refused it). */
    synchronized void release() {
        int current = bucket();
        if (hedged[current] > 0) {
            hedged[current]--;
        }
    }

    /** The current second's bucket, emptied first when it last held an older second. */
    private int bucket() {
        long now = Math.floorDiv(clock.millis(), 1000);
        int index = (int) Math.floorMod(now, (long) second.length);
        if (second[index] != now) {
            second[index] = now;
            eligible[index] = 0;
            hedged[index] = 0;
        }
        for (int i = 0; i < second.length; i++) {
            if (now - second[i] >= second.length) {
                eligible[i] = 0;
                hedged[i] = 0;
            }
        }
        return index;
    }
}
