package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.providers.FailurePolicy;
import dev.keel.providers.ProviderClient;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.CachedResponse;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.SingleFlight;
import dev.keel.router.control.ControlState;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.router.pipeline.RequestProcessor;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.CacheMode;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's path once it is valid: deadline → cache → single-flight → for each provider in route order
 * (cooldown → budget → calls with in-group retry) → panic → travel mode → result. What an outcome means
 * (retry, fail over, cool down) is the {@link FailurePolicy}'s table. When every provider on the route is
 * cooling down the request still goes to one of them ({@link ProviderCooldowns#panic}) instead of failing
 * untried. Bypass skips all of it ({@link BypassRoute}). Never throws for a provider failure or a budget
 * decision: those are results. Thread-safe; one instance serves every virtual thread of a worker.
 */
public final class Router implements RequestProcessor {

    private static final Logger LOGGER = LoggerFactory.getLogger(Router.class);

    private final Map<String, ProviderClient> clients;
    private final ProvidersConfig providers;
    private final RoutePlanner planner;
    private final ProviderCooldowns cooldowns;
    private final ProviderGroup group;
    private final FailurePolicy policy = FailurePolicy.DEFAULT;
    private final BudgetGate budget;
    private final BudgetLedger ledger;
    private final ResponseCache cache;
    private final CacheKeys cacheKeys;
    private final SingleFlight flights;
    private final ControlState control;
    private final BypassRoute bypass;
    private final int defaultOutputTokens;
    private final int maxOutputTokens;
    private final Duration totalTimeout;
    private final Meter.MeterProvider<Counter> panics;
    private final Hedging hedging;
    private final Clock clock;

    public Router(Map<String, ProviderClient> clients, ProvidersConfig providers, RoutePlanner planner,
                  ProviderCooldowns cooldowns, ProviderGroupSettings settings, BudgetGate budget, BudgetLedger ledger, ResponseCache cache,
                  ControlState control, Clock clock) {
        this.clients = Map.copyOf(clients);
        this.providers = providers;
        this.planner = planner;
        this.cooldowns = cooldowns;
        this.group = new ProviderGroup(settings.routing(), cooldowns, policy, clock, settings.pause(), settings.meters());
        this.budget = budget;
        this.ledger = ledger;
        this.cache = cache;
        this.cacheKeys = CacheKeys.forProviders(providers);
        this.flights = new SingleFlight(settings.meters());
        this.control = control;
        this.bypass = new BypassRoute(clients.get(ProvidersConfig.PRIMARY), providers.primary(), settings, ledger, clock);
        this.defaultOutputTokens = settings.defaultOutputTokens();
        this.maxOutputTokens = settings.maxOutputTokens();
        this.totalTimeout = settings.routing().totalTimeout();
        this.panics = Counter.builder("keel.router.panic")
                .description("Requests sent to a provider in cooldown because every provider on their route was cooling down")
                .withRegistry(settings.meters());
        this.hedging = new Hedging(settings.routing(), clients.keySet(), cooldowns, ledger, policy, clock, settings.meters());
        this.clock = clock;
    }

    @Override
    public PromptResult process(PromptRequest request, RequestContext context) throws InterruptedException {
        if (context.bypass()) {
            return bypass.serve(request, context);
        }
        long deadline = request.getDeadlineMs() == null ? Long.MAX_VALUE : request.getDeadlineMs();
        if (clock.millis() >= deadline) {
            return Results.failed(request, context, clock.millis(), Results.DEADLINE_EXCEEDED,
                    "the deadline passed " + (clock.millis() - deadline) + " ms before a worker picked the request up");
        }
        boolean readCache = request.getCache() != CacheMode.BYPASS;
        int outputTokens = Math.min(request.getMaxOutputTokens() == null ? defaultOutputTokens : request.getMaxOutputTokens(), maxOutputTokens);
        CacheKey requestKey = cacheKeys.of(request, ModelClass.STANDARD, outputTokens);
        // Every key this request's answer may be stored under, in preference order (for travel mode).
        RouteState state = new RouteState(requestKey, List.of(requestKey, cacheKeys.of(request, ModelClass.CHEAPER, outputTokens)));
        if (!readCache) {
            return route(request, context, deadline, false, state);
        }
        if (cache.get(requestKey) instanceof Lookup.Fresh fresh) {
            return ResultAssembly.fromCache(request, context, clock.millis(), fresh.response(), false, List.of());
        }
        SingleFlight.Ticket ticket = flights.join(requestKey);
        if (ticket instanceof SingleFlight.Follower follower) {
            CachedResponse shared = follower.await(Duration.ofMillis(Math.min(deadline - clock.millis(), totalTimeout.toMillis() * 2)));
            if (shared != null) {
                return ResultAssembly.fromCache(request, context, clock.millis(), shared, false, List.of());
            }
            return route(request, context, deadline, true, state);
        }
        SingleFlight.Leader leader = (SingleFlight.Leader) ticket;
        try {
            // An identical request may have finished between the lookup above and the join.
            if (cache.get(requestKey) instanceof Lookup.Fresh fresh) {
                state.shared = fresh.response();
                return ResultAssembly.fromCache(request, context, clock.millis(), fresh.response(), false, List.of());
            }
            return route(request, context, deadline, true, state);
        } finally {
            leader.finish(state.shared);
        }
    }

    private PromptResult route(PromptRequest request, RequestContext context, long deadline, boolean readCache,
                               RouteState state) throws InterruptedException {
        List<String> route = planner.order(request).stream().filter(name -> !control.isDisabled(name)).toList();
        List<String> cooling = new ArrayList<>();
        for (int index = 0; index < route.size(); index++) {
            String name = route.get(index);
            Optional<CooldownPermit> permit = cooldowns.tryEnter(name);
            if (permit.isEmpty()) {
                state.attempts.add(ProviderGroup.skipped(name, providers.byName().get(name).model()));
                cooling.add(name);
                continue;
            }
            String next = index < route.size() - 1 ? route.get(index + 1) : null;
            PromptResult result = tryProvider(request, context, name, permit.get(), next, deadline, readCache, state);
            if (result != null) {
                return result;
            }
        }
        if (!route.isEmpty() && cooling.size() == route.size()) {
            ProviderCooldowns.Panic panic = cooldowns.panic(cooling).orElseThrow();
            panics.withTags("provider", panic.provider()).increment();
            LOGGER.debug("panic: every provider cooling down request_id={} provider={}", request.getRequestId(), panic.provider());
            PromptResult result = tryProvider(request, context, panic.provider(), panic.permit(), null, deadline, readCache, state);
            if (result != null) {
                return result;
            }
        }
        if (state.providerTried || state.firstRejection == null) {
            // Travel mode: every provider failed; an answer we gave before beats an error.
            PromptResult stale = readCache ? fromCache(request, context, state.knownKeys, List.of()) : null;
            if (stale != null) {
                return ResultAssembly.withAttempts(stale, state.attempts);
            }
            return ResultAssembly.failed(request, context, clock.millis(), state.attempts, "ALL_PROVIDERS_FAILED",
                    state.attempts.isEmpty() ? "no provider is enabled" : ResultAssembly.summarize(state.attempts));
        }
        return ResultAssembly.rejected(request, context, clock.millis(), state.firstRejection);
    }

    /**
     * One provider's turn: budget, then its group of calls. Returns the request's result, or null to go on along
     * the route. The permit is given back on every path.
     *
     * @param next the next provider on the route (what a hedge or a failover would call), null when none
     */
    private PromptResult tryProvider(PromptRequest request, RequestContext context, String name, CooldownPermit permit,
                                     String next, long deadline, boolean readCache, RouteState state)
            throws InterruptedException {
        try (permit) {
            ProviderConfig config = providers.byName().get(name);
            Admission admission = budget.admit(request, name, config);
            switch (admission) {
                case Admission.Reject reject -> state.reject(reject);
                case Admission.UseCache useCached -> {
                    PromptResult cached = readCache ? fromCache(request, context, useCached.keys(), useCached.degradations()) : null;
                    if (cached != null) {
                        return ResultAssembly.withAttempts(cached, state.attempts);
                    }
                    state.reject(budget.rejectWithoutCache(useCached));
                }
                case Admission.Proceed proceed -> {
                    state.providerTried = true;
                    if (!state.knownKeys.contains(proceed.cacheKey())) {
                        state.knownKeys.addFirst(proceed.cacheKey());
                    }
                    ProviderGroup.Outcome outcome = call(request, context, name, config, proceed, permit, deadline, next, state);
                    // HEDGING hook: the next provider's hedge answered; it is served as that provider's answer.
                    if (outcome.handoff() instanceof HedgedCall.Handoff hedge) {
                        return answered(request, context, hedge.provider(), hedge.proceed(),
                                new ProviderGroup.Outcome(hedge.reply(), hedge.costUsd(), hedge.startedAtMs()), readCache, state);
                    }
                    if (outcome.ok()) {
                        return answered(request, context, name, proceed, outcome, readCache, state);
                    }
                    if (outcome.reply() != null && !policy.failsOver(outcome.reply().outcome())) {
                        return ResultAssembly.failed(request, context, clock.millis(), state.attempts, outcome.reply().outcome().name(),
                                name + " answered " + outcome.reply().outcome() + " (HTTP " + outcome.reply().httpStatus()
                                        + "): the request itself is at fault, so it is not sent elsewhere");
                    }
                }
            }
            return null;
        }
    }

    /** A provider's answer: written through to the cache, shared with identical requests waiting, published. */
    private PromptResult answered(PromptRequest request, RequestContext context, String name, Admission.Proceed proceed,
                                  ProviderGroup.Outcome outcome, boolean readCache, RouteState state) {
        CachedResponse answer = ResultAssembly.toCached(name, outcome.reply(), clock.millis());
        // Write-through also for cache: BYPASS, which skips the read, not the write.
        cache.put(proceed.cacheKey(), answer);
        if (proceed.cacheKey().equals(state.requestKey)) {
            state.shared = answer;
        }
        return ResultAssembly.success(request, context, clock.millis(), name, outcome, state.attempts,
                proceed.degradations(), readCache ? CacheOutcome.MISS : CacheOutcome.NONE);
    }

    /** One provider's group of tries; the reservation is settled exactly once, whatever happens. */
    private ProviderGroup.Outcome call(PromptRequest request, RequestContext context, String name, ProviderConfig config,
                                       Admission.Proceed proceed, CooldownPermit permit, long deadline, String next,
                                       RouteState state) throws InterruptedException {
        CallShape shape = new CallShape(proceed.model(), proceed.system(), proceed.messages(), proceed.maxOutputTokens(),
                request.getTemperature());
        // HEDGING hook: the first try may be hedged to the next provider (Hedging, HedgedCall); not in panic.
        HedgeTarget target = next == null || permit.panic() ? null : new HedgeTarget(next, clients.get(next),
                providers.byName().get(next), () -> budget.admit(request, next, providers.byName().get(next)), request.getTemperature());
        HedgedCall hedge = hedging.forFirstTry(name, proceed.inputTokens(), target, deadline);
        ProviderGroup.Outcome outcome = null;
        try {
            outcome = group.run(request.getRequestId(), clients.get(name), config, shape, permit, context.pickedUpAtMs(), deadline,
                    next != null, state.attempts, hedge);
            return outcome;
        } finally {
            ledger.settle(proceed.reservation(), outcome == null ? BigDecimal.ZERO : outcome.costUsd());
        }
    }

    /** The first cached answer among {@code keys}, fresh (HIT) or stale (STALE, counted). */
    private PromptResult fromCache(PromptRequest request, RequestContext context, List<CacheKey> keys, List<Degradation> degradations) {
        for (CacheKey key : keys) {
            Lookup lookup = cache.get(key);
            if (lookup instanceof Lookup.Fresh fresh) {
                return ResultAssembly.fromCache(request, context, clock.millis(), fresh.response(), false, degradations);
            }
            if (lookup instanceof Lookup.Stale stale) {
                cache.recordStaleServe(key);
                return ResultAssembly.fromCache(request, context, clock.millis(), stale.response(), true, degradations);
            }
        }
        return null;
    }
}
