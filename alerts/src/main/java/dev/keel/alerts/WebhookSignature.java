package dev.keel.alerts;

import dev.keel.config.Secret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature of Keel's generic webhook, so a receiver can check that a page came from Keel and
 * is not a replay. Keel sends three headers:
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: Unix seconds when the request was signed;</li>
 *   <li>{@value #SIGNATURE_HEADER}: {@code v1=} + lowercase hex of HMAC-SHA256(key, timestamp + "." + body);</li>
 *   <li>{@value #EVENT_ID_HEADER}: {@code alert_key|state|evaluated_at}, the same for every retry of one page.</li>
 * </ul>
 * A receiver recomputes the HMAC over the raw body bytes, compares in constant time, refuses a
 * timestamp older than a few minutes ({@link #DEFAULT_TOLERANCE}) and drops an event id it has seen.
 * Thread-safe.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Keel-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Keel-Signature";
    public static final String EVENT_ID_HEADER = "X-Keel-Event-Id";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSignature(Secret key) {
        this.key = new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The {@value #SIGNATURE_HEADER} value for a body signed at {@code timestampSeconds}. */
    public String sign(long timestampSeconds, String body) {
        return "v1=" + HexFormat.of().formatHex(mac(timestampSeconds + "." + body));
    }

    /** Whether {@code header} signs {@code body} at {@code timestampSeconds}, and that time is within {@code tolerance} of {@code now}. */
    public boolean verify(String header, long timestampSeconds, String body, Instant now, Duration tolerance) {
        if (header == null || Math.abs(now.getEpochSecond() - timestampSeconds) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(sign(timestampSeconds, body).getBytes(StandardCharsets.US_ASCII), header.strip().getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[key=" + Secret.MASK + "]";
    }
}
