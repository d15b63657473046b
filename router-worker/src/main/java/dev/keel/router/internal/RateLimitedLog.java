package dev.keel.router.internal;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARN line that is written at most once per interval, saying how many were held back since the last
 * one. For failures that repeat on every request while a dependency is down (Redis): one line tells the
 * operator, a million lines bury everything else. Stack traces only at DEBUG. Thread-safe.
 */
public final class RateLimitedLog {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private final Logger logger;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong nextAllowedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, Duration interval, Clock clock) {
        this.logger = logger;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Logs {@code message} (key=value text, never a prompt or a secret) with the cause's type and message,
     * unless a line was written within the interval; returns whether it logged.
     */
    public boolean warn(String message, Throwable cause) {
        long now = clock.millis();
        long allowedAt = nextAllowedAt.get();
        if (now < allowedAt || !nextAllowedAt.compareAndSet(allowedAt, now + interval.toMillis())) {
            suppressed.incrementAndGet();
            return false;
        }
        long held = suppressed.getAndSet(0);
        String reason = cause == null ? "" : " cause=" + describe(cause);
        logger.warn("{}{} suppressed_since_last={}", message, reason, held);
        if (cause != null && logger.isDebugEnabled()) {
            logger.debug("{} (stack trace)", message, cause);
        }
        return true;
    }

    /** The exception's type and message, and its root cause's when they differ. */
    public static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = oneLine(cause);
        return root == cause ? text : text + " (root " + oneLine(root) + ")";
    }

    private static String oneLine(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
