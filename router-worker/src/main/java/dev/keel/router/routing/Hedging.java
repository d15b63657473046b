package dev.keel.router.routing;

import dev.keel.config.HedgingConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.providers.FailurePolicy;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.BudgetLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The hedging policy of one worker ({@code routing.hedging}): the delay after which a first try with no token
 * yet gets a hedge (learned per provider from its recent TTFTs, {@link TtftWindow}), the cap on how many calls
 * may hedge ({@link HedgeShare}), and the counts. A call's race itself is a {@link HedgedCall}. Thread-safe;
 * one per router.
 *
 * <p>Metrics: {@code keel.router.hedges{provider, result}} per first try that was due a hedge, {@code provider}
 * being the slow one and {@code result} one of {@code won} (the hedge answered), {@code lost} (the first
 * provider streamed first), {@code both_failed}, {@code capped} (over {@code max-share}), {@code cooling} (the
 * next provider cools down), {@code budget} (its budget refused); {@code keel.router.hedge.delay{provider}}
 * (ms) the current delay.
 */
final class Hedging {

    private final HedgingConfig config;
    private final RoutingConfig routing;
    private final Map<String, TtftWindow> windows = new LinkedHashMap<>();
    private final HedgeShare share;
    private final ProviderCooldowns cooldowns;
    private final BudgetLedger ledger;
    private final FailurePolicy policy;
    private final Clock clock;
    private final Meter.MeterProvider<Counter> hedges;
    private final ThreadFactory legs = Thread.ofVirtual().name("keel-hedge-", 0).factory();

    /**
     * The hedge delays of every router in the JVM: one daemon thread that only starts a hedge's virtual thread
     * when a delay passes. A first try that streams in time cancels its timer, which leaves the queue at once.
     */
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("keel-hedge-timer").unstarted(r));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    Hedging(RoutingConfig routing, Collection<String> providers, ProviderCooldowns cooldowns, BudgetLedger ledger,
            FailurePolicy policy, Clock clock, MeterRegistry meters) {
        this.config = routing.hedging();
        this.routing = routing;
        this.cooldowns = cooldowns;
        this.ledger = ledger;
        this.policy = policy;
        this.clock = clock;
        this.share = new HedgeShare(config.maxShare(), config.window(), clock);
        for (String provider : providers) {
            TtftWindow window = new TtftWindow(config.samples(), config.minSamples(), config.percentile(),
                    config.minDelay(), config.maxDelay());
            windows.put(provider, window);
            Gauge.builder("keel.router.hedge.delay", window, TtftWindow::delayMs)
                    .description("Time without a first token after which a first try is hedged, in ms")
                    .tag("provider", provider).baseUnit("milliseconds").register(meters);
        }
        this.hedges = Counter.builder("keel.router.hedges")
                .description("First tries that were due a hedge, by what came of it").withRegistry(meters);
    }

    boolean enabled() {
        return config.enabled();
    }

    /**
     * The race for one provider's first try, hedged to {@code target} when the delay passes without a token.
     * With hedging off or no target, a plain call.
     *
     * @param inputTokens the prompt's input tokens at the first provider (what a cancelled call is billed at least)
     * @param deadlineMs  the request's absolute deadline
     */
    HedgedCall forFirstTry(String provider, int inputTokens, HedgeTarget target, long deadlineMs) {
        if (!config.enabled() || target == null) {
            return config.enabled() ? new HedgedCall(this, provider, inputTokens, null, deadlineMs) : HedgedCall.NONE;
        }
        share.eligible();
        return new HedgedCall(this, provider, inputTokens, target, deadlineMs);
    }

    Duration delay(String provider) {
        TtftWindow window = windows.get(provider);
        return window == null ? config.maxDelay() : window.delay();
    }

    /** Whether {@code provider}'s delay is learned from its TTFTs (before that, a cancelled leg never counts as its failure). */
    boolean learned(String provider) {
        TtftWindow window = windows.get(provider);
        return window != null && window.learned();
    }

    /** Learns from a finished call: its TTFT, when it streamed a content token. */
    void observe(String provider, ProviderReply reply) {
        TtftWindow window = windows.get(provider);
        if (window != null && reply.ttft() != null) {
            window.record(reply.ttft());
        }
    }

    HedgeShare share() {
        return share;
    }

    ProviderCooldowns cooldowns() {
        return cooldowns;
    }

    BudgetLedger ledger() {
        return ledger;
    }

    FailurePolicy policy() {
        return policy;
    }

    RoutingConfig routing() {
        return routing;
    }

    Clock clock() {
        return clock;
    }

    /** Runs {@code due} (quick, non-blocking) once {@code delay} passed, unless cancelled first. */
    Future<?> schedule(Runnable due, Duration delay) {
        return TIMERS.schedule(due, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    ThreadFactory legs() {
        return legs;
    }

    void count(String provider, String result) {
        hedges.withTags("provider", provider, "result", result).increment();
    }
}
