package dev.keel.providers;

import dev.keel.schemas.AttemptOutcome;

import java.time.Duration;
import java.util.Objects;

/**
 * What one provider call produced: either {@code OK} with the output, or a failure classified into
 * {@link AttemptOutcome}. Never carries a secret or an echo of a provider's error body.
 *
 * @param outcome    what happened
 * @param httpStatus the response status, null when no response arrived (network, timeout before headers)
 * @param output     the generated text; null unless {@code OK}
 * @param model      the model the provider reported (null when unknown)
 * @param usage      normalised token counts; {@link Usage#NONE} when the provider reported none
 * @param latency    request sent -> reply
 * @param ttft       request sent -> first content token, for streamed calls that got one
 * @param retryAfter the provider's {@code retry-after-ms} / {@code retry-after}, when it sent one
 * @param detail     the provider's error type or a short reason (e.g. {@code insufficient_quota},
 *                   {@code stream ended without [DONE]}); null for OK
 */
public record ProviderReply(AttemptOutcome outcome, Integer httpStatus, String output, String model, Usage usage,
                            Duration latency, Duration ttft, Duration retryAfter, String detail) {

    public ProviderReply {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
        usage = usage == null ? Usage.NONE : usage;
        if (outcome != AttemptOutcome.OK && output != null) {
            throw new IllegalArgumentException("a failed reply carries no output");
        }
        if (outcome == AttemptOutcome.OK && output == null) {
            throw new IllegalArgumentException("an OK reply carries an output");
        }
    }

    public boolean isOk() {
        return outcome == AttemptOutcome.OK;
    }

    /** Output text is a prompt's answer: the string form says how long it is, not what it says. */
    @Override
    public String toString() {
        return "ProviderReply[outcome=" + outcome + ", httpStatus=" + httpStatus + ", model=" + model
                + ", usage=" + usage + ", latency=" + latency + ", ttft=" + ttft + ", retryAfter=" + retryAfter
                + ", detail=" + detail + ", outputChars=" + (output == null ? 0 : output.length()) + "]";
    }
}
