package dev.keel.report;

import java.time.Duration;
import java.time.Instant;

/**
 * The event-time span [from, to) a report covers. {@link #trailing} is the SLO app's own trailing
 * window (slo-streams/README.md "Trailing windows"): whole hours [H - W, H) plus the minutes [H, E),
 * where E is the end of the last closed minute and H is E rounded down to the hour, so a 30-day
 * report covers exactly the requests {@code keel status} counts under {@code 30d} at E.
 */
public record ReportWindow(long from, long to) {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    public ReportWindow {
        if (to <= from) {
            throw new IllegalArgumentException("the window must end after it starts");
        }
    }

    public static ReportWindow trailing(Duration length, long lastClosedEnd) {
        if (length.toMillis() <= Duration.ofHours(6).toMillis()) {
            return new ReportWindow(lastClosedEnd - length.toMillis(), lastClosedEnd);
        }
        long hour = Math.floorDiv(lastClosedEnd, HOUR) * HOUR;
        return new ReportWindow(hour - length.toMillis(), lastClosedEnd);
    }

    public Duration length() {
        return Duration.ofMillis(to - from);
    }

    /** Whether the closed minute [start, end) lies inside the window. */
    public boolean covers(long start, long end) {
        return start >= from && end <= to;
    }

    @Override
    public String toString() {
        return Instant.ofEpochMilli(from) + " to " + Instant.ofEpochMilli(to);
    }
}
