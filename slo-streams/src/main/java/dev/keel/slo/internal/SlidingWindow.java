package dev.keel.slo.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One trailing window of one scope over fixed units (minutes, or hours): counts as a running sum (the
 * unit entering is added, the unit leaving subtracted exactly: integers and nano-dollars), and, when
 * asked for, the latency sketch of the window in a two-stack queue, because sketches merge but do not
 * subtract. New units go on the back with a running merge; when the oldest unit must leave and the
 * front is empty, the back is flipped into the front as suffix merges. Each unit is merged a constant
 * number of times over its life and a read merges two sketches, whatever the window's length.
 * Bins add exactly, so the result is the merge of exactly the units in the window. One owner.
 */
final class SlidingWindow {

    private record Unit(long start, Bucket counts) {
    }

    private record Sketched(long start, LatencySketch sketch) {
    }

    private final boolean withSketch;
    private final ArrayDeque<Unit> units = new ArrayDeque<>();
    private final Bucket sum = Bucket.empty();
    private final List<Sketched> back = new ArrayList<>();
    private LatencySketch backMerged;
    private final ArrayDeque<Sketched> front = new ArrayDeque<>();

    SlidingWindow(boolean withSketch) {
        this.withSketch = withSketch;
    }

    /** Adds a unit, newer than every unit in the window. */
    void add(long start, Bucket unit) {
        Bucket counts = Bucket.empty();
        counts.addCounts(unit, true, 1);
        units.addLast(new Unit(start, counts));
        sum.addCounts(unit, true, 1);
        if (withSketch) {
            LatencySketch s = unit.sketchOrNull();
            back.add(new Sketched(start, s));
            if (s != null) {
                if (backMerged == null) {
                    backMerged = s.copy();
                } else {
                    backMerged.merge(s);
                }
            }
        }
    }

    /** Takes out every unit that starts before {@code cutoff}. */
    void expire(long cutoff) {
        while (!units.isEmpty() && units.peekFirst().start() < cutoff) {
            sum.addCounts(units.removeFirst().counts(), true, -1);
            if (withSketch) {
                if (front.isEmpty()) {
                    flip();
                }
                front.removeFirst();
            }
        }
    }

    private void flip() {
        LatencySketch suffix = null;
        for (int i = back.size() - 1; i >= 0; i--) {
            Sketched u = back.get(i);
            if (u.sketch() != null) {
                LatencySketch next = u.sketch().copy();
                if (suffix != null) {
                    next.merge(suffix);
                }
                suffix = next;
            }
            front.addFirst(new Sketched(u.start(), suffix));
        }
        back.clear();
        backMerged = null;
    }

    boolean isEmpty() {
        return units.isEmpty();
    }

    /** The window's counts, with its merged sketch when kept (null when no sample). */
    Bucket total() {
        if (!withSketch) {
            return sum.withSketch(null);
        }
        LatencySketch frontMerged = front.isEmpty() ? null : front.peekFirst().sketch();
        LatencySketch merged = null;
        if (frontMerged != null) {
            merged = frontMerged.copy();
            if (backMerged != null) {
                merged.merge(backMerged);
            }
        } else if (backMerged != null) {
            merged = backMerged.copy();
        }
        return sum.withSketch(merged);
    }
}
