package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.RetryConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.CallTimeouts;
import dev.keel.providers.CostModel;
import dev.keel.providers.FailurePolicy;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One provider's share of a request: the first try plus at most {@code in-group-retries} more on a
 * retryable outcome (honouring {@code retry-after} up to the cap, never past the request deadline),
 * then the router fails over. Auth and quota failures end the group at once. Every try is appended
 * to the request's attempts and reported to the cooldown. Thread-safe (stateless between calls).
 */
final class ProviderGroup {

    /** What one provider did for a request. */
    record Outcome(ProviderReply reply, BigDecimal costUsd, long replyStartedAtMs, HedgedCall.Handoff handoff) {
        Outcome(ProviderReply reply, BigDecimal costUsd, long replyStartedAtMs) {
            this(reply, costUsd, replyStartedAtMs, null);
        }


        boolean ok() {
            return reply != null && reply.isOk();
        }
    }

    private final RoutingConfig routing;
    private final ProviderCooldowns cooldowns;
    private final Clock clock;
    private final Pause pause;
    private final FailurePolicy policy;
    private final Meter.MeterProvider<Counter> attemptCounter;

    ProviderGroup(RoutingConfig routing, ProviderCooldowns cooldowns, FailurePolicy policy, Clock clock, Pause pause,
                  MeterRegistry meters) {
        this.routing = routing;
        this.policy = policy;
        this.cooldowns = cooldowns;
        this.clock = clock;
        this.pause = pause;
        this.attemptCounter = Counter.builder("keel.router.attempts").description("Provider calls by outcome").withRegistry(meters);
    }

    /**
     * Calls {@code client} with {@code firstTry} for the first try; each in-group retry asks the cooldown for a
     * permit of its own. A panic permit gets no retry. Every permit is given back on every path (recorded, or
     * released when the call throws or the deadline leaves no time).
     *
     * @param pickedUpAtMs when the worker picked the request up (the latency budget counts from there)
     * @param deadlineMs   absolute request deadline, or {@code Long.MAX_VALUE}
     * @param canFailOver  whether another provider may still serve the request
     */
    Outcome run(String requestId, ProviderClient client, ProviderConfig config, CallShape shape, CooldownPermit firstTry,
                long pickedUpAtMs, long deadlineMs, boolean canFailOver, List<Attempt> attempts) throws InterruptedException {
        return run(requestId, client, config, shape, firstTry, pickedUpAtMs, deadlineMs, canFailOver, attempts, HedgedCall.NONE);
    }

    /** The same, the first try made through {@code hedge} (which may race it against the next provider). */
    Outcome run(String requestId, ProviderClient client, ProviderConfig config, CallShape shape, CooldownPermit firstTry,
                long pickedUpAtMs, long deadlineMs, boolean canFailOver, List<Attempt> attempts, HedgedCall hedge)
            throws InterruptedException {
        RetryConfig retry = routing.retry();
        int tries = firstTry.panic() ? 1 : 1 + retry.inGroupRetries();
        BigDecimal cost = BigDecimal.ZERO;
        ProviderReply last = null;
        long lastStart = clock.millis();
        HedgedCall.Result hedged = null;
        for (int attempt = 0; attempt < tries; attempt++) {
            Optional<CooldownPermit> permit = attempt == 0 ? Optional.of(firstTry) : cooldowns.tryEnter(client.name());
            if (permit.isEmpty()) {
                attempts.add(skipped(client.name(), shape.model()));
                break;
            }
            try (CooldownPermit held = permit.get()) {
                long remaining = deadlineMs - clock.millis();
                if (remaining <= 0) {
                    break;
                }
                CallTimeouts timeouts = CallTimeouts.of(routing).cappedAt(Duration.ofMillis(remaining));
                lastStart = clock.millis();
                ProviderCall call = new ProviderCall(requestId, shape.model(), shape.system(), Calls.turns(shape.messages()),
                        shape.maxOutputTokens(), shape.temperature(), true, timeouts);
                // HEDGING hook: the first try may race the next provider's (HedgedCall); later tries are plain calls.
                hedged = (attempt == 0 ? hedge : HedgedCall.NONE).call(client, call);
                last = hedged.reply();
                if (hedged.heard()) {
                    held.record(last.outcome(), last.latency());
                }
                BigDecimal callCost = CostModel.cost(config.priceOf(shape.model()), last.usage(), config.promptCacheTtl());
                cost = cost.add(callCost);
                Attempt tried = held.panic() ? Calls.panicAttemptOf(client.name(), shape.model(), last)
                        : Calls.attemptOf(client.name(), shape.model(), last);
                attempts.add(Attempt.newBuilder(tried).setCostUsd(Calls.usd(callCost)).build());
                if (hedged.hedge() != null) {
                    attempts.add(hedged.hedge());
                }
            }
            attemptCounter.withTags("provider", client.name(), "outcome", last.outcome().name()).increment();
            if (hedged.handoff() != null) {
                return new Outcome(last, cost, lastStart, hedged.handoff()); // the hedge answered: no retry here
            }
            if (last.isOk() || !policy.retriesInGroup(last.outcome()) || attempt == tries - 1) {
                break;
            }
            Duration wait = waitBeforeRetry(last, retry);
            if (clock.millis() + wait.toMillis() >= deadlineMs) {
                break;
            }
            long spentAfterRetry = clock.millis() + wait.toMillis() + routing.ttftTimeout().toMillis() - pickedUpAtMs;
            if (canFailOver && spentAfterRetry > retry.latencyBudget().toMillis()) {
                break; // a retry here could only finish past the latency budget; the next provider may not
            }
            pause.sleep(wait);
        }
        return new Outcome(last, cost, lastStart);
    }

    private static Duration waitBeforeRetry(ProviderReply reply, RetryConfig retry) {
        Duration wait = retry.backoff();
        if (reply.retryAfter() != null && reply.retryAfter().compareTo(wait) > 0) {
            wait = reply.retryAfter().compareTo(retry.retryAfterCap()) > 0 ? retry.retryAfterCap() : reply.retryAfter();
        }
        return wait;
    }

    static Attempt skipped(String provider, String model) {
        return Attempt.newBuilder().setProvider(provider).setModel(model).setOutcome(AttemptOutcome.SKIPPED_COOLDOWN)
                .setLatencyMs(0).setDetail("provider in cooldown").build();
    }
}
