package dev.keel.bench.load;

import dev.keel.schemas.Lane;

/**
 * One request of a run, as the schedule made it.
 *
 * @param index          position in the schedule (warm-up included)
 * @param requestId      unique per run; the idempotency key
 * @param tenant         tenant id
 * @param feature        feature tag
 * @param prompt         the user message
 * @param lane           interactive or batch
 * @param stream         ask for a streamed answer where the target can
 * @param maxOutputTokens output cap
 * @param scheduledNanos when it was due on the run's clock; latency is measured from here, not from the actual send
 */
public record LoadRequest(long index, String requestId, String tenant, String feature, String prompt, Lane lane,
                          boolean stream, int maxOutputTokens, long scheduledNanos) {
}
