package dev.keel.slo.internal;

import dev.keel.schemas.Lane;

/**
 * Keys of the bucket stores: {@code <13-digit start ms>|<scope>|<lane>}. The zero-padded start
 * makes the byte order of the keys the time order, so a time range is one store range scan.
 */
final class BucketKeys {

    private BucketKeys() {
    }

    static String key(long start, String scope, Lane lane) {
        return time(start) + "|" + scope + "|" + lane.name();
    }

    /** The lower bound of every key at or after {@code start} (use as an exclusive upper bound too). */
    static String time(long start) {
        if (start < 0) {
            return String.format("%013d", start);
        }
        String digits = Long.toString(start);
        return digits.length() >= 13 ? digits : "0".repeat(13 - digits.length()) + digits;
    }

    static long startOf(String key) {
        return Long.parseLong(key.substring(0, 13));
    }

    static String scopeOf(String key) {
        return key.substring(14, key.lastIndexOf('|'));
    }

    static Lane laneOf(String key) {
        return Lane.valueOf(key.substring(key.lastIndexOf('|') + 1));
    }
}
