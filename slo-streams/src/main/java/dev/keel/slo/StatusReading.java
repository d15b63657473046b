package dev.keel.slo;

/**
 * The answer of a {@link StatusSource}: a snapshot, or why there is none right now (the Streams app
 * is starting or rebalancing, the instance that holds the state does not answer). Expected, so a
 * value rather than an exception.
 */
public sealed interface StatusReading {

    record Ready(StatusSnapshot snapshot) implements StatusReading {
    }

    record Unavailable(String reason) implements StatusReading {
    }
}
