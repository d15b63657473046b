package dev.keel.router.routing;

import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;

/**
 * Leave to call one provider once, from {@link ProviderCooldowns#tryEnter} (a breaker permission) or
 * {@link ProviderCooldowns#panic} (none: the breaker is not consulted and does not hear of the call).
 * Exactly one of {@link #record} or {@link #close} gives it back; {@code close} after {@code record} does
 * nothing, so {@code try (permit) { ... permit.record(...) }} releases the permission on every path,
 * including when the call throws. Not thread-safe: one request's thread uses it.
 */
public interface CooldownPermit extends AutoCloseable {

    /** Reports the finished call to the breaker as the failure policy says. */
    void record(AttemptOutcome outcome, Duration latency);

    /** True for a panic permit: the call is made to a provider in cooldown, because no provider out of it answered. */
    boolean panic();

    /** Releases the permission unless {@link #record} already did. */
    @Override
    void close();
}
