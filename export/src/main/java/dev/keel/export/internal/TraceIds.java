package dev.keel.export.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Trace and span ids derived from the request id (SHA-256), so a result exported twice (after a
 * crash between the backend's acceptance and the offset commit) lands on the same trace and spans.
 * Stateless.
 */
public final class TraceIds {

    private TraceIds() {
    }

    /** 32 hex digits, never all zero. */
    public static String traceId(String requestId) {
        return nonZero(hex(digest("trace:" + requestId), 16));
    }

    /** 16 hex digits for the span {@code part} ({@code generation}, {@code attempt-0} ...) of the request. */
    public static String spanId(String requestId, String part) {
        return nonZero(hex(digest("span:" + requestId + ":" + part), 8));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes, int length) {
        return HexFormat.of().formatHex(bytes, 0, length);
    }

    private static String nonZero(String id) {
        return id.chars().allMatch(c -> c == '0') ? id.substring(0, id.length() - 1) + "1" : id;
    }
}
