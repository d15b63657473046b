package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.providers.FailurePolicy;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.SingleFlight;
import dev.keel.router.control.ControlState;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.router.pipeline.RequestProcessor;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's path once it is valid, composed here and nowhere else, one stage per class, in the order they run:
 * {@link BypassRoute} (bypass on: nothing below) → {@link Deadline} → {@link CacheRead} → {@link RoutePlan} → for each
 * provider: {@link Cooldown} → {@link BudgetGate} → {@link ProviderAttempts} (first try hedged: {@link HedgedCall})
 * → {@link WriteThrough}; then {@link TravelMode}. Results are built by {@link Results}. What an outcome means
 * (retry, fail over, cool down) is the {@link FailurePolicy}'s table. Never throws for a provider failure or a
 * budget decision: those are results. Thread-safe; one instance serves every virtual thread of a worker.
 */
public final class Router implements RequestProcessor {

    /** How the attempt of a call that lost a hedged race (and was cancelled) starts its detail. */
    public static final String CANCELLED_HEDGE_DETAIL = "hedge: cancelled, ";

    private final ProvidersConfig providers;
    private final Map<String, ProviderConfig> byName; // ProvidersConfig.byName() builds a new map per call
    private final FailurePolicy policy = FailurePolicy.DEFAULT;
    private final AnswerKeys keys;
    private final BypassRoute bypass;
    private final Deadline deadline;
    private final CacheRead cacheRead;
    private final RoutePlan routePlan;
    private final Cooldown cooldown;
    private final BudgetGate budget;
    private final ProviderAttempts attempts;
    private final WriteThrough writeThrough;
    private final TravelMode travelMode;
    private final Clock clock;

    /**
     * @param pause  how an in-group retry waits (tests advance a clock instead)
     * @param meters where the router counts ({@code keel.router.*}, {@code keel.cache.coalesced})
     */
    public Router(Map<String, ProviderClient> clients, RouterSettings settings, RoutePlanner planner, ProviderCooldowns cooldowns,
                  BudgetGate budget, BudgetLedger ledger, ResponseCache cache, ControlState control, Pause pause,
                  MeterRegistry meters, Clock clock) {
        this.providers = settings.providers();
        this.byName = Map.copyOf(providers.byName());
        this.keys = new AnswerKeys(CacheKeys.forProviders(providers), settings.budget());
        this.bypass = new BypassRoute(clients.get(ProvidersConfig.PRIMARY), providers.primary(), settings, ledger, clock);
        this.deadline = new Deadline(clock);
        this.cacheRead = new CacheRead(cache, new SingleFlight(meters), settings.routing().totalTimeout(), clock);
        this.routePlan = new RoutePlan(planner, control);
        this.cooldown = new Cooldown(cooldowns, providers, meters);
        this.budget = budget;
        Hedging hedging = new Hedging(settings.routing(), clients.keySet(), cooldowns, ledger, policy, clock, meters);
        this.attempts = new ProviderAttempts(clients, providers, settings.routing(), cooldowns, policy, hedging, budget, ledger,
                clock, pause, meters);
        this.writeThrough = new WriteThrough(cache, keys, clock);
        this.travelMode = new TravelMode(cacheRead, clock);
        this.clock = clock;
    }

    @Override
    public PromptResult process(PromptRequest request, RequestContext context) throws InterruptedException {
        if (context.bypass()) {
            return bypass.serve(request, context);
        }
        Optional<PromptResult> late = deadline.missed(request, context);
        if (late.isPresent()) {
            return late.get();
        }
        RouteState trip = new RouteState(request, context, keys.asAsked(request));
        return switch (cacheRead.lookup(trip)) {
            case CacheRead.Hit hit -> hit.result();
            case CacheRead.Miss miss -> {
                try (miss) { // a single-flight leader hands the route's answer to the identical requests waiting
                    yield route(trip);
                }
            }
        };
    }

    /**
     * Each provider of the plan in turn; without an answer, the panic calls (each provider skipped in cooldown once,
     * longest cooled first, until one answers); then travel mode.
     */
    private PromptResult route(RouteState trip) throws InterruptedException {
        List<String> plan = routePlan.of(trip.request);
        for (int index = 0; index < plan.size(); index++) {
            String provider = plan.get(index);
            String next = index + 1 < plan.size() ? plan.get(index + 1) : null;
            Optional<CooldownPermit> permit = cooldown.enter(trip, provider);
            Optional<PromptResult> result = permit.isEmpty() ? Optional.empty() : turn(trip, provider, permit.get(), next);
            if (result.isPresent()) {
                return result.get();
            }
        }
        for (ProviderCooldowns.Panic panic : cooldown.panic(trip)) {
            Optional<PromptResult> result = turn(trip, panic.provider(), panic.permit(), null);
            if (result.isPresent()) {
                return result.get();
            }
        }
        return travelMode.serve(trip);
    }

    /**
     * One provider's turn: the budget, then its attempts, then the write-through. Empty to go on along the route.
     * The permit is given back on every path.
     *
     * @param next the next provider on the route (what a hedge or a failover would call), null when none
     */
    private Optional<PromptResult> turn(RouteState trip, String provider, CooldownPermit permit, String next)
            throws InterruptedException {
        try (permit) {
            ProviderConfig config = byName.get(provider);
            switch (budget.admit(trip.request, provider, config)) {
                case Admission.Reject reject -> trip.reject(reject);
                case Admission.UseCache useCache -> {
                    Optional<PromptResult> cached = cacheRead.forBudget(trip, config, useCache.degradations());
                    if (cached.isPresent()) {
                        return cached;
                    }
                    trip.reject(budget.rejectWithoutCache(useCache));
                }
                case Admission.Proceed proceed -> {
                    trip.calling(keys.admitted(trip.request, trip.asAsked, proceed));
                    ProviderAttempts.Outcome outcome = attempts.run(trip, provider, permit, proceed, next);
                    if (outcome.handoff() instanceof HedgedCall.Handoff hedge) { // the next provider's hedge answered
                        return Optional.of(answered(trip, hedge.provider(), hedge.proceed(), hedge.reply(), hedge.startedAtMs()));
                    }
                    if (outcome.answered()) {
                        return Optional.of(answered(trip, provider, proceed, outcome.reply(), outcome.replyStartedAtMs()));
                    }
                    if (outcome.reply() != null && !policy.failsOver(outcome.reply().outcome())) {
                        return Optional.of(notFailedOver(trip, provider, outcome.reply()));
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** A provider's answer: written through, then the result (its cost is every call's, a cancelled hedge included). */
    private PromptResult answered(RouteState trip, String provider, Admission.Proceed proceed, ProviderReply reply,
                                  long replyStartedAtMs) {
        writeThrough.store(trip, provider, proceed, reply);
        BigDecimal cost = BigDecimal.valueOf(trip.attempts.stream().mapToDouble(Attempt::getCostUsd).sum());
        return Results.success(trip.request, trip.context, clock.millis(), provider, reply, cost, replyStartedAtMs, trip.attempts,
                proceed.degradations(), trip.readCache ? CacheOutcome.MISS : CacheOutcome.NONE);
    }

    /** The request itself is at fault (a 400): it is not sent elsewhere. */
    private PromptResult notFailedOver(RouteState trip, String provider, ProviderReply reply) {
        return Results.failed(trip.request, trip.context, clock.millis(), trip.attempts, reply.outcome().name(),
                provider + " answered " + reply.outcome() + " (HTTP " + reply.httpStatus()
                        + "): the request itself is at fault, so it is not sent elsewhere");
    }
}
