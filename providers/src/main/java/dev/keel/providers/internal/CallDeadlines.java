package dev.keel.providers.internal;

import dev.keel.providers.CallTimeouts;
import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The deadline arithmetic of one call, apart from any socket so it can be tested with a fixed clock.
 *
 * <p>From the instant the request is sent: the first sign of life (a content token, or a reasoning delta of a
 * reasoning model) must come before {@code sent + ttft} (streamed calls only), each next one within {@code idle}
 * of the previous, and everything before {@code sent + total}. {@link #ttft()} is always the first
 * <em>content</em> token: reasoning proves the provider is alive, it is not the answer. After the stream's terminator only a short drain grace applies and expiry is
 * harmless. The reading thread reports progress, a watchdog thread reads the deadline: fields are volatile.
 */
public final class CallDeadlines {

    /** How long the body may keep going after the terminator before it is cut (for connection reuse). */
    public static final Duration DRAIN_GRACE = Duration.ofMillis(200);

    private final Instant sent;
    private final CallTimeouts timeouts;
    private final boolean streamed;
    private volatile Instant firstContent;
    private volatile Instant firstAlive;
    private volatile Instant lastActivity;
    private volatile Instant finishedAt;

    public CallDeadlines(Instant sent, CallTimeouts timeouts, boolean streamed) {
        this.sent = sent;
        this.timeouts = timeouts;
        this.streamed = streamed;
    }

    public Instant sent() {
        return sent;
    }

    /** Records a content token (not a role-only delta, a ping or a start event). */
    public void onContent(Instant at) {
        if (firstContent == null) {
            firstContent = at;
        }
        onAlive(at);
    }

    /** Records a reasoning delta: meets the TTFT deadline and resets the idle one, leaves {@link #ttft()} alone. */
    public void onReasoning(Instant at) {
        onAlive(at);
    }

    private void onAlive(Instant at) {
        if (firstAlive == null) {
            firstAlive = at;
        }
        lastActivity = at;
    }

    /** Whether content or reasoning has arrived (the TTFT deadline no longer applies). */
    public boolean alive() {
        return firstAlive != null;
    }

    /** Records the stream's terminator (or the whole non-streamed body): timeouts no longer apply. */
    public void onFinished(Instant at) {
        finishedAt = at;
    }

    public boolean finished() {
        return finishedAt != null;
    }

    /** Request sent -> first content token, when one came. */
    public Optional<Duration> ttft() {
        Instant first = firstContent;
        return first == null ? Optional.empty() : Optional.of(Duration.between(sent, first));
    }

    /** The next instant at which {@link #expiredAt} may turn true. */
    public Instant nextDeadline() {
        Instant total = sent.plus(timeouts.total());
        Instant finished = finishedAt;
        if (finished != null) {
            return earliest(total, finished.plus(DRAIN_GRACE));
        }
        if (!streamed) {
            return total;
        }
        Instant last = lastActivity;
        Instant phase = last == null ? sent.plus(timeouts.ttft()) : last.plus(timeouts.idle());
        return earliest(total, phase);
    }

    /**
     * The timeout that has passed at {@code now}: {@code TTFT_TIMEOUT} when no content came in time,
     * {@code TIMEOUT} for the idle or total limit, empty while within limits or once finished.
     */
    public Optional<AttemptOutcome> expiredAt(Instant now) {
        if (finishedAt != null) {
            return Optional.empty();
        }
        if (streamed && firstAlive == null && !now.isBefore(sent.plus(timeouts.ttft()))) {
            return Optional.of(AttemptOutcome.TTFT_TIMEOUT);
        }
        if (!now.isBefore(sent.plus(timeouts.total()))) {
            return Optional.of(AttemptOutcome.TIMEOUT);
        }
        Instant last = lastActivity;
        if (streamed && last != null && !now.isBefore(last.plus(timeouts.idle()))) {
            return Optional.of(AttemptOutcome.TIMEOUT);
        }
        return Optional.empty();
    }

    /** Which limit ran out, for the reply's detail. */
    public String describe(AttemptOutcome expired, Instant now) {
        if (expired == AttemptOutcome.TTFT_TIMEOUT) {
            return "no content or reasoning token within " + timeouts.ttft().toMillis() + "ms";
        }
        if (!now.isBefore(sent.plus(timeouts.total()))) {
            return "total timeout " + timeouts.total().toMillis() + "ms";
        }
        return "no token for " + timeouts.idle().toMillis() + "ms (idle timeout)";
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
