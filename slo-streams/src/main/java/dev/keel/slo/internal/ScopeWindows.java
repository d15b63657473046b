package dev.keel.slo.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The running trailing windows of one scope (lanes already merged): a {@link SlidingWindow} per short
 * window over minute units, one per long window over hour units (counts only), and the partial hour
 * [H, E) the long windows add on top. One owner: {@link TrailingWindows}.
 */
final class ScopeWindows {

    private final Map<Long, SlidingWindow> minuteWindows = new LinkedHashMap<>();
    private final Map<Long, SlidingWindow> hourWindows = new LinkedHashMap<>();
    private final Map<Long, Boolean> longSketches = new LinkedHashMap<>();
    private Bucket partialHour = Bucket.empty();
    private boolean partialEmpty = true;

    ScopeWindows(NavigableMap<Long, Boolean> shortWindows, NavigableMap<Long, Boolean> longWindows) {
        shortWindows.forEach((w, sketch) -> minuteWindows.put(w, new SlidingWindow(sketch)));
        longWindows.forEach((w, sketch) -> {
            hourWindows.put(w, new SlidingWindow(false));
            longSketches.put(w, sketch);
        });
    }

    /** A closed minute of this scope. */
    void addMinute(long start, Bucket minute) {
        replayMinute(start, minute, true);
    }

    /** A stored minute, read back at a rebuild; {@code inPartialHour} when it belongs to the current hour. */
    void replayMinute(long start, Bucket minute, boolean inPartialHour) {
        minuteWindows.values().forEach(w -> w.add(start, minute));
        if (inPartialHour && !hourWindows.isEmpty()) {
            partialHour.merge(minute, true);
            partialEmpty = false;
        }
    }

    /** A stored complete hour, read back at a rebuild. */
    void addHour(long start, Bucket hour) {
        hourWindows.values().forEach(w -> w.add(start, hour));
    }

    /** The hour starting at {@code start} is complete: it moves from the partial hour to the long windows. */
    void completeHour(long start) {
        if (!partialEmpty) {
            addHour(start, partialHour);
        }
        partialHour = Bucket.empty();
        partialEmpty = true;
    }

    void expire(long end, long hourStart) {
        minuteWindows.forEach((w, window) -> window.expire(end - w));
        hourWindows.forEach((w, window) -> window.expire(hourStart - w));
    }

    boolean isEmpty() {
        return partialEmpty && minuteWindows.values().stream().allMatch(SlidingWindow::isEmpty)
                && hourWindows.values().stream().allMatch(SlidingWindow::isEmpty);
    }

    void totals(String scope, WindowTotals totals, Map<Long, LatencySketch> completeHourSketches) {
        minuteWindows.forEach((w, window) -> {
            if (!window.isEmpty()) {
                totals.put(scope, w, window.total());
            }
        });
        hourWindows.forEach((w, window) -> {
            if (window.isEmpty() && partialEmpty) {
                return;
            }
            Bucket total = window.total();
            total.addCounts(partialHour, true, 1);
            if (longSketches.get(w)) {
                LatencySketch hours = completeHourSketches.get(w);
                LatencySketch partial = partialHour.sketchOrNull();
                LatencySketch merged = hours == null ? null : hours.copy();
                if (partial != null) {
                    if (merged == null) {
                        merged = partial.copy();
                    } else {
                        merged.merge(partial);
                    }
                }
                total = total.withSketch(merged);
            }
            totals.put(scope, w, total);
        });
    }
}
