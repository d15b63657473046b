package dev.keel.slo.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formats numbers, durations and times for page summaries and the status table. Stateless. */
public final class Texts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Texts() {
    }

    public static String duration(Duration d) {
        if (d.isZero()) {
            return "0m";
        }
        if (d.toMillis() % Duration.ofDays(1).toMillis() == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % Duration.ofHours(1).toMillis() == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % Duration.ofMinutes(1).toMillis() == 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() + "ms";
    }

    public static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs)) + " UTC";
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    public static String millis(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    public static String usd(double usd) {
        return String.format(Locale.ROOT, "$%.4f", usd);
    }

    public static String times(double factor) {
        return String.format(Locale.ROOT, "%.1fx", factor);
    }
}
