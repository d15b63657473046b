package dev.keel.client;

/**
 * Counters of one {@link KeelClient} since it started (monotonic, except {@code pending}).
 *
 * @param pending      futures waiting for a result now
 * @param completed    futures completed with their result
 * @param timedOut     futures failed with {@link KeelClientException.TimedOut}
 * @param overloaded   submissions refused because {@code max-pending} were waiting
 * @param publishFailed submissions Kafka did not accept
 * @param late         results read from the reply topic that matched no waiting future (timed out,
 *                     from before a restart, or for another incarnation of the same request id): dropped
 * @param undecodable  reply records that were not a PromptResult: dropped
 */
public record ClientStats(int pending, long completed, long timedOut, long overloaded, long publishFailed,
                          long late, long undecodable) {
}
