package dev.keel.router.routing;

import dev.keel.providers.ProviderReply;
import dev.keel.providers.Usage;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The {@link Attempt} records a result lists: a provider call's (with its cost), a panic call's, a provider skipped
 * in cooldown; and what a cancelled call is billed at least.
 */
final class AttemptRecords {

    private AttemptRecords() {
    }

    /** The attempt as results record it; the model is the one the provider reported, else the one asked for. */
    static Attempt attemptOf(String provider, String model, ProviderReply reply) {
        return attempt(provider, model, reply, reply.detail(), 0.0);
    }

    /**
     * Every field given to the constructor: a builder resolves (deep-copies) the schema default of each field it
     * was not given, and a builder from an attempt copies the whole attempt, for every attempt of every request.
     */
    private static Attempt attempt(String provider, String model, ProviderReply reply, String detail, double costUsd) {
        return new Attempt(Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(reply.model() != null ? reply.model() : model, "model"),
                Objects.requireNonNull(reply.outcome(), "outcome"), reply.httpStatus(), reply.latency().toMillis(),
                reply.ttft() == null ? null : reply.ttft().toMillis(), detail, costUsd);
    }

    /** A provider left out because its breaker refused a permission. */
    static Attempt skipped(String provider, String model) {
        return Attempt.newBuilder().setProvider(provider).setModel(model).setOutcome(AttemptOutcome.SKIPPED_COOLDOWN)
                .setLatencyMs(0).setDetail("provider in cooldown").build();
    }

    /** The same, with what the call cost. */
    static Attempt attemptOf(String provider, String model, ProviderReply reply, BigDecimal costUsd) {
        return attempt(provider, model, reply, reply.detail(), usd(costUsd));
    }

    /** What a cancelled call is billed at least: its whole prompt as uncached input, on top of nothing reported. */
    static Usage atLeastPrompt(Usage reported, int promptTokens) {
        if (reported.totalInputTokens() >= promptTokens) {
            return reported;
        }
        return new Usage(promptTokens, reported.outputTokens(), 0, 0);
    }

    static double usd(BigDecimal cost) {
        return cost.setScale(8, RoundingMode.HALF_UP).doubleValue();
    }

    /** Detail of a call made in panic (to a provider in cooldown, as no other answered), kept apart from the provider's own. */
    static final String PANIC_DETAIL = "panic: no provider out of cooldown answered";

    /** A call made in panic: the detail says so, followed by the provider's error detail when it failed. */
    static Attempt panicAttemptOf(String provider, String model, ProviderReply reply) {
        return panicAttemptOf(provider, model, reply, BigDecimal.ZERO);
    }

    /** The same, with what the call cost. */
    static Attempt panicAttemptOf(String provider, String model, ProviderReply reply, BigDecimal costUsd) {
        return attempt(provider, model, reply, reply.detail() == null ? PANIC_DETAIL : PANIC_DETAIL + "; " + reply.detail(),
                usd(costUsd));
    }
}
