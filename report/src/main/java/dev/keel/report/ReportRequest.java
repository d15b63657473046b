package dev.keel.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@code keel report} was asked: a scope, either a trailing window (ending at the last closed
 * minute) or an explicit [from, to), the output directory, and whether to print a PDF and fill the kit.
 */
public record ReportRequest(String scope, Duration window, Instant from, Instant to, Path out, boolean pdf, boolean kit) {

    public static final String DEFAULT_SCOPE = "global";
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    public ReportRequest {
        scope = scope == null || scope.isBlank() ? DEFAULT_SCOPE : scope.strip();
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("--from and --to go together");
        }
        if (from != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("--to must be after --from");
        }
        if (from != null && window != null) {
            throw new IllegalArgumentException("give either --window or --from/--to, not both");
        }
        window = from == null && window == null ? DEFAULT_WINDOW : window;
        if (window != null && window.toMinutes() < 1) {
            throw new IllegalArgumentException("--window must be at least a minute");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
    }
}
