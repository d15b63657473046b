package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.config.ProvidersConfig;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.Lookup;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.control.ControlState;
import dev.keel.router.pipeline.RequestContext;
import dev.keel.router.pipeline.RequestProcessor;
import dev.keel.router.pipeline.Results;
import dev.keel.providers.ProviderClient;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.CacheMode;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request's path once it is valid: deadline → cache → for each provider in route order
 * (cooldown → budget → calls with in-group retry) → travel mode → result. An in-group retry is
 * skipped when it could only finish past {@code routing.retry.latency-budget} and another provider
 * can still serve the request (a TTFT timeout fails over instead of waiting a second one). Bypass skips all of it
 * ({@link BypassRoute}). Never throws for a provider failure or a budget decision: those are
 * results. Thread-safe; one instance serves every virtual thread of a worker.
 */
public final class Router implements RequestProcessor {

    private final Map<String, ProviderClient> clients;
    private final ProvidersConfig providers;
    private final RoutePlanner planner;
    private final ProviderCooldowns cooldowns;
    private final ProviderGroup group;
    private final BudgetGate budget;
    private final BudgetLedger ledger;
    private final ResponseCache cache;
    private final ControlState control;
    private final BypassRoute bypass;
    private final int defaultOutputTokens;
    private final int maxOutputTokens;
    private final Clock clock;

    public Router(Map<String, ProviderClient> clients, ProvidersConfig providers, RoutePlanner planner,
                  ProviderCooldowns cooldowns, ProviderGroupSettings settings, BudgetGate budget, BudgetLedger ledger, ResponseCache cache,
                  ControlState control, Clock clock) {
        this.clients = Map.copyOf(clients);
        this.providers = providers;
        this.planner = planner;
        this.cooldowns = cooldowns;
        this.group = new ProviderGroup(settings.routing(), cooldowns, clock, settings.pause(), settings.meters());
        this.budget = budget;
        this.ledger = ledger;
        this.cache = cache;
        this.control = control;
        this.bypass = new BypassRoute(clients.get(ProvidersConfig.PRIMARY), providers.primary(), settings.routing(), clock,
                settings.defaultOutputTokens());
        this.defaultOutputTokens = settings.defaultOutputTokens();
        this.maxOutputTokens = settings.maxOutputTokens();
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
        // Every key this request's answer may be stored under, in preference order (for travel mode).
        List<CacheKey> knownKeys = new ArrayList<>(List.of(
                CacheKeys.of(request, ModelClass.STANDARD, outputTokens), CacheKeys.of(request, ModelClass.CHEAPER, outputTokens)));
        if (readCache && cache.get(knownKeys.getFirst()) instanceof Lookup.Fresh fresh) {
            return ResultAssembly.fromCache(request, context, clock.millis(), fresh.response(), false, List.of());
        }

        List<Attempt> attempts = new ArrayList<>();
        Admission.Reject firstRejection = null;
        boolean providerTried = false;
        List<String> route = planner.order(request);
        for (int index = 0; index < route.size(); index++) {
            String name = route.get(index);
            if (control.isDisabled(name)) {
                continue;
            }
            ProviderConfig config = providers.byName().get(name);
            if (!cooldowns.tryEnter(name)) {
                attempts.add(ProviderGroup.skipped(name, config.model()));
                providerTried = true;
                continue;
            }
            Admission admission = budget.admit(request, name, config);
            switch (admission) {
                case Admission.Reject reject -> {
                    cooldowns.release(name);
                    firstRejection = firstRejection == null ? reject : firstRejection;
                }
                case Admission.UseCache useCached -> {
                    cooldowns.release(name);
                    PromptResult cached = readCache ? fromCache(request, context, useCached.keys(), useCached.degradations()) : null;
                    if (cached != null) {
                        return ResultAssembly.withAttempts(cached, attempts);
                    }
                    firstRejection = firstRejection == null ? budget.rejectWithoutCache(useCached) : firstRejection;
                }
                case Admission.Proceed proceed -> {
                    providerTried = true;
                    if (!knownKeys.contains(proceed.cacheKey())) {
                        knownKeys.addFirst(proceed.cacheKey());
                    }
                    boolean canFailOver = route.subList(index + 1, route.size()).stream().anyMatch(next -> !control.isDisabled(next));
                    ProviderGroup.Outcome outcome = call(request, context, name, config, proceed, deadline, canFailOver, attempts);
                    if (outcome.ok()) {
                        // Write-through also for cache: BYPASS, which skips the read, not the write.
                        cache.put(proceed.cacheKey(), ResultAssembly.toCached(name, outcome.reply(), clock.millis()));
                        return ResultAssembly.success(request, context, clock.millis(), name, outcome, attempts,
                                proceed.degradations(), readCache ? CacheOutcome.MISS : CacheOutcome.NONE);
                    }
                    if (outcome.reply() != null && outcome.reply().outcome() == AttemptOutcome.BAD_REQUEST) {
                        return ResultAssembly.failed(request, context, clock.millis(), attempts, "BAD_REQUEST",
                                name + " refused the request as invalid (HTTP 400); not retried elsewhere");
                    }
                }
            }
        }
        if (providerTried || firstRejection == null) {
            // Travel mode: every provider failed; an answer we gave before beats an error.
            PromptResult stale = readCache ? fromCache(request, context, knownKeys, List.of()) : null;
            if (stale != null) {
                return ResultAssembly.withAttempts(stale, attempts);
            }
            return ResultAssembly.failed(request, context, clock.millis(), attempts, "ALL_PROVIDERS_FAILED",
                    attempts.isEmpty() ? "no provider is enabled" : ResultAssembly.summarize(attempts));
        }
        return ResultAssembly.rejected(request, context, clock.millis(), firstRejection);
    }

    /** One provider's group of tries; the reservation is settled exactly once, whatever happens. */
    private ProviderGroup.Outcome call(PromptRequest request, RequestContext context, String name, ProviderConfig config,
                                       Admission.Proceed proceed, long deadline, boolean canFailOver, List<Attempt> attempts)
            throws InterruptedException {
        CallShape shape = new CallShape(proceed.model(), proceed.system(), proceed.messages(), proceed.maxOutputTokens(),
                request.getTemperature());
        ProviderGroup.Outcome outcome = null;
        try {
            outcome = group.run(request.getRequestId(), clients.get(name), config, shape, context.pickedUpAtMs(), deadline,
                    canFailOver, attempts);
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
