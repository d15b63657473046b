package dev.keel.providers;

import dev.keel.config.RoutingConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * The three clocks of one provider call, all started when the request is sent.
 *
 * @param ttft  request sent -> first content token of a streamed answer ({@code TTFT_TIMEOUT});
 *              not applied to non-streamed calls, whose answer only arrives whole
 * @param idle  longest gap between two content tokens once streaming ({@code TIMEOUT})
 * @param total the whole call, streamed or not ({@code TIMEOUT})
 */
public record CallTimeouts(Duration ttft, Duration idle, Duration total) {

    public static final Duration DEFAULT_TTFT = RoutingConfig.DEFAULT_TTFT_TIMEOUT;
    public static final Duration DEFAULT_IDLE = RoutingConfig.DEFAULT_IDLE_TIMEOUT;
    public static final Duration DEFAULT_TOTAL = RoutingConfig.DEFAULT_TOTAL_TIMEOUT;

    public CallTimeouts {
        ttft = positive(ttft, DEFAULT_TTFT, "ttft");
        idle = positive(idle, DEFAULT_IDLE, "idle");
        total = positive(total, DEFAULT_TOTAL, "total");
    }

    public static CallTimeouts defaults() {
        return new CallTimeouts(null, null, null);
    }

    public static CallTimeouts of(RoutingConfig routing) {
        return new CallTimeouts(routing.ttftTimeout(), routing.idleTimeout(), routing.totalTimeout());
    }

    /** The same timeouts with a total no longer than {@code remaining} (a request's deadline). */
    public CallTimeouts cappedAt(Duration remaining) {
        Objects.requireNonNull(remaining, "remaining");
        Duration capped = remaining.compareTo(total) < 0 ? remaining : total;
        return new CallTimeouts(ttft, idle, capped.isNegative() || capped.isZero() ? Duration.ofMillis(1) : capped);
    }

    private static Duration positive(Duration value, Duration fallback, String field) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " timeout must be positive, got " + d);
        }
        return d;
    }
}
