package dev.keel.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a report writes numbers and times: UTC, fixed decimals, thousands separators. Stateless. */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Formats() {
    }

    public static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    public static String day(long epochMs) {
        return DAY.format(Instant.ofEpochMilli(epochMs));
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    public static String percent1(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    public static String seconds(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    public static String usd(double usd) {
        return usd >= 0.1 ? String.format(Locale.ROOT, "$%,.2f", usd) : String.format(Locale.ROOT, "$%.4f", usd);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String count(double n) {
        return String.format(Locale.ROOT, "%,.1f", n);
    }

    public static String duration(Duration d) {
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
        }
        long days = hours / 24;
        return hours % 24 == 0 ? days + " days" : days + " days " + hours % 24 + " h";
    }
}
