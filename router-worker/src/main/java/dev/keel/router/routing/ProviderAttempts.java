package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.RetryConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.CallTimeouts;
import dev.keel.providers.CostModel;
import dev.keel.providers.FailurePolicy;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.schemas.Attempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Stage: one provider's attempts at a request, with the shape the budget admitted. The first try, hedged to the
 * next provider on the route when it has no token after the learned delay ({@link Hedging}, {@link HedgedCall};
 * not for a panic call or the last provider), plus at most {@code in-group-retries} more on a retryable outcome
 * (honouring {@code retry-after} up to the cap, never past the request deadline or the latency budget while
 * another provider could still serve); then the router fails over. Auth and quota failures end the attempts at
 * once. Every try is appended to the request's attempts (with its cost) and reported to the cooldown; each
 * in-group retry asks the cooldown for a permit of its own; the reservation is settled exactly once, whatever
 * happens. Thread-safe (stateless between calls).
 */
final class ProviderAttempts {

    /**
     * What one provider's attempts came to.
     *
     * @param handoff the next provider's answer when the hedge answered the request, else null
     */
    record Outcome(ProviderReply reply, BigDecimal costUsd, long replyStartedAtMs, HedgedCall.Handoff handoff) {

        /** Whether the request has its answer: from this provider, or from the hedge. */
        boolean answered() {
            return handoff != null || (reply != null && reply.isOk());
        }
    }

    private final Map<String, ProviderClient> clients;
    private final Map<String, ProviderConfig> providers;
    private final RoutingConfig routing;
    private final ProviderCooldowns cooldowns;
    private final FailurePolicy policy;
    private final Hedging hedging;
    private final BudgetGate budget;
    private final BudgetLedger ledger;
    private final Clock clock;
    private final Pause pause;
    private final Meter.MeterProvider<Counter> attemptCounter;

    ProviderAttempts(Map<String, ProviderClient> clients, ProvidersConfig providers, RoutingConfig routing,
                     ProviderCooldowns cooldowns, FailurePolicy policy, Hedging hedging, BudgetGate budget, BudgetLedger ledger,
                     Clock clock, Pause pause, MeterRegistry meters) {
        this.clients = Map.copyOf(clients);
        this.providers = Map.copyOf(providers.byName()); // byName() builds a new map per call
        this.routing = routing;
        this.cooldowns = cooldowns;
        this.policy = policy;
        this.hedging = hedging;
        this.budget = budget;
        this.ledger = ledger;
        this.clock = clock;
        this.pause = pause;
        this.attemptCounter = Counter.builder("keel.router.attempts").description("Provider calls by outcome").withRegistry(meters);
    }

    /**
     * @param firstTry the provider's cooldown permit for the first try (a panic permit gets no retry and no hedge)
     * @param next     the next provider on the route (what a hedge or a failover would call), null when none
     */
    Outcome run(RouteState trip, String provider, CooldownPermit firstTry, Admission.Proceed proceed, String next)
            throws InterruptedException {
        CallShape shape = new CallShape(proceed.model(), proceed.system(), proceed.messages(), proceed.maxOutputTokens(),
                trip.request.getTemperature());
        HedgedCall hedge = hedging.forFirstTry(provider, proceed.inputTokens(), hedgeTarget(trip, firstTry, next), trip.deadlineMs);
        Outcome outcome = null;
        try {
            outcome = tries(trip, provider, shape, firstTry, next != null, hedge);
            return outcome;
        } finally {
            ledger.settle(proceed.reservation(), outcome == null ? BigDecimal.ZERO : outcome.costUsd());
        }
    }

    /** The provider a hedge of the first try would call, admitted by the budget only when the hedge is due. */
    private HedgeTarget hedgeTarget(RouteState trip, CooldownPermit firstTry, String next) {
        if (next == null || firstTry.panic()) {
            return null;
        }
        ProviderConfig config = providers.get(next);
        return new HedgeTarget(next, clients.get(next), config, () -> budget.admit(trip.request, next, config),
                trip.request.getTemperature());
    }

    private Outcome tries(RouteState trip, String provider, CallShape shape, CooldownPermit firstTry, boolean canFailOver,
                          HedgedCall hedge) throws InterruptedException {
        ProviderClient client = clients.get(provider);
        ProviderConfig config = providers.get(provider);
        RetryConfig retry = routing.retry();
        int tries = firstTry.panic() ? 1 : 1 + retry.inGroupRetries();
        BigDecimal cost = BigDecimal.ZERO;
        ProviderReply last = null;
        long lastStart = clock.millis();
        for (int attempt = 0; attempt < tries; attempt++) {
            Optional<CooldownPermit> permit = attempt == 0 ? Optional.of(firstTry) : cooldowns.tryEnter(provider);
            if (permit.isEmpty()) {
                trip.attempts.add(AttemptRecords.skipped(provider, shape.model()));
                break;
            }
            HedgedCall.Result hedged;
            try (CooldownPermit held = permit.get()) {
                long remaining = trip.deadlineMs - clock.millis();
                if (remaining <= 0) {
                    break;
                }
                CallTimeouts timeouts = CallTimeouts.of(routing).cappedAt(Duration.ofMillis(remaining));
                lastStart = clock.millis();
                // The first try may race the next provider's (HedgedCall); later tries are plain calls.
                hedged = (attempt == 0 ? hedge : HedgedCall.NONE).call(client, shape.toCall(trip.request.getRequestId(), timeouts));
                last = hedged.reply();
                if (hedged.heard()) {
                    held.record(last.outcome(), last.latency());
                }
                BigDecimal callCost = CostModel.cost(config.priceOf(shape.model()), last.usage(), config.promptCacheTtl());
                cost = cost.add(callCost);
                trip.attempts.add(held.panic() ? AttemptRecords.panicAttemptOf(provider, shape.model(), last, callCost)
                        : AttemptRecords.attemptOf(provider, shape.model(), last, callCost));
                if (hedged.hedge() != null) {
                    trip.attempts.add(hedged.hedge());
                }
            }
            attemptCounter.withTags("provider", provider, "outcome", last.outcome().name()).increment();
            if (hedged.handoff() != null) {
                return new Outcome(last, cost, lastStart, hedged.handoff()); // the hedge answered: no retry here
            }
            if (last.isOk() || !policy.retriesInGroup(last.outcome()) || attempt == tries - 1) {
                break;
            }
            Duration wait = waitBeforeRetry(last, retry);
            if (clock.millis() + wait.toMillis() >= trip.deadlineMs) {
                break;
            }
            long spentAfterRetry = clock.millis() + wait.toMillis() + routing.ttftTimeout().toMillis() - trip.context.pickedUpAtMs();
            if (canFailOver && spentAfterRetry > retry.latencyBudget().toMillis()) {
                break; // a retry here could only finish past the latency budget; the next provider may not
            }
            pause.sleep(wait);
        }
        return new Outcome(last, cost, lastStart, null);
    }

    private static Duration waitBeforeRetry(ProviderReply reply, RetryConfig retry) {
        Duration wait = retry.backoff();
        if (reply.retryAfter() != null && reply.retryAfter().compareTo(wait) > 0) {
            wait = reply.retryAfter().compareTo(retry.retryAfterCap()) > 0 ? retry.retryAfterCap() : reply.retryAfter();
        }
        return wait;
    }
}
