package dev.keel.router.budget;

import dev.keel.config.BudgetConfig;
import dev.keel.config.DegradeStep;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.router.budget.internal.BudgetMetrics;
import dev.keel.router.budget.internal.PricedShape;
import dev.keel.router.budget.internal.ContextTruncator;
import dev.keel.router.budget.internal.CostEstimator;
import dev.keel.router.budget.internal.RequestLimits;
import dev.keel.router.budget.internal.Violation;
import dev.keel.router.cache.ModelClass;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for one request and one provider about to be called, what call fits the limits (DESIGN.md
 * "Budget guardrails and cache"; BUDGET_AND_CACHE.md).
 *
 * <p>The request as written is tried first. If it does not fit, the configured degrade steps are enabled one
 * more at a time, in order, and each time the best shape with the steps enabled so far is tried:
 * {@code cheaper-model} prices it at the provider's {@code cheaper-model}; {@code truncate-context} cuts the
 * context to what the input-token cap, the cost cap and (once the ledger has said how much is left) the
 * tenant's remaining budget allow at that price; {@code cached-response} ends the search with
 * {@link Admission.UseCache}. A shape fits when its input tokens are within {@code budget.max-input-tokens},
 * its worst-case estimate within the cost cap, and the ledger grants a reservation of that estimate; the
 * first shape that fits is returned as {@link Admission.Proceed} holding that reservation. When none fits,
 * {@link Admission.Reject} names the limit the most degraded shape missed and by how much.
 *
 * <p>Failover: the router calls {@code admit} again with the secondary (after settling the first
 * reservation), so the check is repeated at the secondary's price. Thread-safe; one per worker.
 */
public final class BudgetGate {

    private static final Logger LOGGER = LoggerFactory.getLogger(BudgetGate.class);

    private final BudgetConfig config;
    private final TokenCounter counter;
    private final ContextTruncator truncator;
    private final BudgetLedger ledger;
    private final BudgetMetrics metrics;

    /** @param clock kept for symmetry with the ledger; the gate itself reads no time */
    public BudgetGate(BudgetConfig config, TokenCounter counter, BudgetLedger ledger, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.counter = counter;
        this.truncator = new ContextTruncator(counter);
        this.ledger = ledger;
        this.metrics = new BudgetMetrics(meters, config.tenants().keySet());
    }

    /** Never throws for bad input. The reservation of a {@link Admission.Proceed} is held until settled. */
    public Admission admit(PromptRequest request, String providerName, ProviderConfig provider) {
        Optional<Admission.Reject> invalid = RequestLimits.invalid(request);
        if (invalid.isPresent()) {
            return rejected(request, invalid.get());
        }
        RequestLimits limits = RequestLimits.of(config, request);
        List<DegradeStep> order = config.degrade();
        PricedShape previous = null;
        Violation last = null;
        BigDecimal tenantRoom = null;
        for (int enabledSteps = 0; enabledSteps <= order.size(); enabledSteps++) {
            List<DegradeStep> enabled = order.subList(0, enabledSteps);
            if (enabled.contains(DegradeStep.CACHED_RESPONSE)) {
                return useCache(request, last.limit(), reason(last, order));
            }
            PricedShape candidate = shape(request, provider, limits, enabled, tenantRoom);
            if (candidate.sameShapeAs(previous)) {
                continue;
            }
            previous = candidate;
            switch (check(request, providerName, limits, candidate)) {
                case LimitCheck.Fits fits -> {
                    return proceed(request, providerName, limits, enabled, candidate, fits.reservation());
                }
                case LimitCheck.Misses misses -> last = misses.violation();
            }
            tenantRoom = last.tenantRoomUsd() != null ? last.tenantRoomUsd() : tenantRoom;
        }
        return rejected(request, new Admission.Reject(last.limit(), reason(last, order)));
    }

    /** The rejection to publish when a {@link Admission.UseCache} found no cached answer; counted. */
    public Admission.Reject rejectWithoutCache(Admission.UseCache useCache) {
        metrics.rejected(useCache.limit());
        return new Admission.Reject(useCache.limit(), useCache.reason() + "; no cached answer to fall back on");
    }

    private PricedShape shape(PromptRequest request, ProviderConfig provider, RequestLimits limits, List<DegradeStep> enabled,
                            BigDecimal tenantRoom) {
        boolean cheaper = enabled.contains(DegradeStep.CHEAPER_MODEL) && provider.cheaperModel() != null;
        String model = cheaper ? provider.cheaperModel() : provider.model();
        ModelClass modelClass = cheaper ? ModelClass.CHEAPER : ModelClass.STANDARD;
        CostEstimator estimator = CostEstimator.of(provider, model);
        ProviderKind kind = provider.kind();
        String system = request.getSystem();
        List<ChatMessage> messages = request.getMessages();
        int systemTokens = counter.systemTokens(kind, model, system);
        int tokens = counter.count(kind, model, systemTokens, messages); // the system block counted once, not twice
        if (enabled.contains(DegradeStep.TRUNCATE_CONTEXT)) {
            int target = Math.min(limits.maxInputTokens(),
                    estimator.affordableInputTokens(limits.costCapUsd(), systemTokens, limits.maxOutputTokens()));
            if (tenantRoom != null) {
                target = Math.min(target, estimator.affordableInputTokens(tenantRoom.max(BigDecimal.ZERO), systemTokens, limits.maxOutputTokens()));
            }
            if (tokens > target) {
                Optional<ContextTruncator.Truncated> cut = truncator.fit(kind, model, system, messages, target);
                if (cut.isEmpty() && tokens > limits.maxInputTokens()) {
                    cut = truncator.fit(kind, model, system, messages, limits.maxInputTokens());
                }
                if (cut.isPresent() && (cut.get().droppedTurns() > 0 || cut.get().trimmed())) {
                    return new PricedShape(model, modelClass, estimator, cut.get().messages(), cut.get().inputTokens(), systemTokens, true);
                }
            }
        }
        return new PricedShape(model, modelClass, estimator, messages, tokens, systemTokens, false);
    }

    /** Whether a shape fits every limit: the reservation that admits it, or the limit it missed. */
    private sealed interface LimitCheck {
        record Fits(Reservation reservation) implements LimitCheck {
        }

        record Misses(Violation violation) implements LimitCheck {
        }
    }

    private LimitCheck check(PromptRequest request, String providerName, RequestLimits limits, PricedShape candidate) {
        if (candidate.inputTokens() > limits.maxInputTokens()) {
            return new LimitCheck.Misses(Violation.inputTokens(candidate.inputTokens(), limits.maxInputTokens()));
        }
        BigDecimal estimate = estimate(candidate, limits);
        if (estimate.compareTo(limits.costCapUsd()) > 0) {
            return new LimitCheck.Misses(Violation.cost(limits.costLimit(), estimate, providerName, candidate.model(), limits.costCapUsd()));
        }
        Reservation reservation = ledger.reserve(request.getTenantId(), estimate);
        return reservation.granted() ? new LimitCheck.Fits(reservation) : new LimitCheck.Misses(Violation.tenant(reservation));
    }

    private BigDecimal estimate(PricedShape candidate, RequestLimits limits) {
        return candidate.estimator().worstCase(candidate.inputTokens(), candidate.systemTokens(), limits.maxOutputTokens());
    }

    private Admission proceed(PromptRequest request, String providerName, RequestLimits limits, List<DegradeStep> enabled,
                              PricedShape candidate, Reservation reservation) {
        List<Degradation> degradations = new ArrayList<>();
        for (DegradeStep step : enabled) {
            if (step == DegradeStep.TRUNCATE_CONTEXT && candidate.truncated()) {
                degradations.add(Degradation.TRUNCATED_CONTEXT);
            } else if (step == DegradeStep.CHEAPER_MODEL && candidate.modelClass() == ModelClass.CHEAPER) {
                degradations.add(Degradation.CHEAPER_MODEL);
            }
        }
        degradations.forEach(metrics::degraded);
        BigDecimal estimate = estimate(candidate, limits);
        if (degradations.isEmpty()) {
            LOGGER.debug("admitted request_id={} tenant={} provider={} model={} input_tokens={} estimate_usd={}",
                    request.getRequestId(), request.getTenantId(), providerName, candidate.model(), candidate.inputTokens(), estimate);
        } else {
            LOGGER.info("admitted degraded request_id={} tenant={} provider={} model={} degradations={} input_tokens={} estimate_usd={}",
                    request.getRequestId(), request.getTenantId(), providerName, candidate.model(), degradations,
                    candidate.inputTokens(), estimate);
        }
        return new Admission.Proceed(candidate.model(), candidate.modelClass(), request.getSystem(), candidate.messages(),
                limits.maxOutputTokens(), candidate.inputTokens(), estimate, degradations, reservation);
    }

    private Admission useCache(PromptRequest request, BudgetLimit limit, String reason) {
        metrics.degraded(Degradation.CACHED_RESPONSE);
        LOGGER.info("no call fits, trying the cache request_id={} tenant={} reason=\"{}\"",
                request.getRequestId(), request.getTenantId(), reason);
        return new Admission.UseCache(List.of(Degradation.CACHED_RESPONSE), limit, reason);
    }

    private Admission.Reject rejected(PromptRequest request, Admission.Reject reject) {
        metrics.rejected(reject.limit());
        LOGGER.info("rejected request_id={} tenant={} limit={} reason=\"{}\"",
                request.getRequestId(), request.getTenantId(), reject.limit().key(), reject.message());
        return reject;
    }

    private static String reason(Violation last, List<DegradeStep> order) {
        List<String> tried = order.stream().filter(s -> s != DegradeStep.CACHED_RESPONSE).map(DegradeStep::id).toList();
        return tried.isEmpty() ? last.message() : last.message() + " — still over after " + String.join(", ", tried);
    }
}
