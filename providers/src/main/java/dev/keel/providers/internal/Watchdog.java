package dev.keel.providers.internal;

import dev.keel.schemas.AttemptOutcome;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a call's {@link CallDeadlines} on a blocking body read: when a deadline passes it closes the
 * response body, which cancels the HTTP exchange, drops its connection and wakes the blocked reader
 * with an {@code IOException}. The reader then asks {@link #fired()} which timeout it was.
 *
 * <p>Scheduling is lazy: one task at the current deadline; if content moved the deadline meanwhile the
 * task re-arms for the new one, so a stream costs a few scheduler operations, not one per token.
 * Lifecycle: {@link #arm()} once after the response arrives, {@link #close()} when the read ends.
 */
final class Watchdog implements AutoCloseable, BodyReader.Watch {

    private final ScheduledExecutorService scheduler;
    private final CallDeadlines deadlines;
    private final InstantSource clock;
    private final Closeable body;
    private volatile AttemptOutcome fired;
    private volatile boolean closed;
    private ScheduledFuture<?> pending;
    private java.time.Instant scheduledFor;

    Watchdog(ScheduledExecutorService scheduler, CallDeadlines deadlines, InstantSource clock, Closeable body) {
        this.scheduler = scheduler;
        this.deadlines = deadlines;
        this.clock = clock;
        this.body = body;
    }

    void arm() {
        schedule();
    }

    /** The timeout that closed the body, or null when none did. */
    @Override
    public AttemptOutcome fired() {
        return fired;
    }

    /** Re-arms when the deadline moved earlier than the pending check (first token: TTFT -> idle). */
    @Override
    public synchronized void deadlineMoved() {
        if (closed || scheduledFor == null || !deadlines.nextDeadline().isBefore(scheduledFor)) {
            return;
        }
        pending.cancel(false);
        schedule();
    }

    private synchronized void schedule() {
        if (closed) {
            return;
        }
        scheduledFor = deadlines.nextDeadline();
        long delayMs = Math.max(0, Duration.between(clock.instant(), scheduledFor).toMillis());
        pending = scheduler.schedule(this::check, delayMs + 1, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (closed) {
            return;
        }
        var now = clock.instant();
        var expired = deadlines.expiredAt(now);
        boolean drainOver = deadlines.finished() && !now.isBefore(deadlines.nextDeadline());
        if (expired.isPresent() || drainOver) {
            fired = expired.orElse(null);
            closeQuietly(body);
        } else {
            schedule();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a cancelled body can fail; the exchange is gone either way
        }
    }
}
