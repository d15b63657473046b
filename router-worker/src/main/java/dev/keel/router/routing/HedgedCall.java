package dev.keel.router.routing;

import dev.keel.providers.CallTimeouts;
import dev.keel.providers.ProviderCall;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.Admission;
import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One provider's first try, hedged: the call runs on the request's own thread, with a timer ({@link Hedging#schedule})
 * set to {@link Hedging#delay}; when it fires before the first token, a virtual thread of its own starts the hedge to
 * the next provider ({@link HedgeTarget}) if the share cap, that provider's cooldown and its budget allow it, and
 * makes that call. The first leg to stream a token wins and the other is cancelled (its thread interrupted, its HTTP
 * stream closed). A leg that fails before any token leaves the race to the other; one whose outcome does not fail
 * over (a 400) or that answers without having signalled a token ends it. Each call is made once; the winner is
 * waited for to the end of its stream. A first try that streams before the delay costs a timer set and cancelled,
 * no thread and no hand-over between threads.
 *
 * <p>Bookkeeping: the first provider's permit, attempt and reservation stay with {@link ProviderAttempts} and the
 * router; the hedge's are settled here: its cooldown permit recorded (a cancelled leg counts as a TTFT failure
 * only when it had waited longer than the winner's own TTFT and its own delay is learned, else it is released
 * unheard), its attempt built, its reservation settled with its cost. A cancelled leg's outcome is {@code TTFT_TIMEOUT} with a detail starting
 * {@link #CANCELLED_DETAIL}, and it is billed at least its prompt's input tokens. The race's state is guarded by
 * the lock; the hedge's thread hands its {@link HedgeBackup} over when it ends (the request's thread joins it).
 *
 * <p>Interrupts: the race cancels the first try by interrupting the request's thread, and clears that interrupt once
 * the call returned. An interrupt from outside (the worker stopping) cancels the hedge too and ends the call with
 * {@link InterruptedException}, as long as the client keeps the thread's interrupt status when it gives up on an
 * interrupted exchange (the HTTP client does); one that clears it has the request finish its hedge first.
 */
final class HedgedCall implements HedgeLeg.Race {

    /** The detail every cancelled leg's attempt starts with. */
    static final String CANCELLED_DETAIL = Router.CANCELLED_HEDGE_DETAIL;

    /** No hedging at all: the call on the caller's thread. */
    static final HedgedCall NONE = new HedgedCall(null, null, 0, null, Long.MAX_VALUE);

    /**
     * What the first try came to.
     *
     * @param reply   the first provider's reply (a cancelled one rewritten as above)
     * @param heard   whether its cooldown permit records the call (false: released unheard)
     * @param hedge   the hedge's attempt, when one was started
     * @param handoff the hedge's answer, when the hedge answered the request
     */
    record Result(ProviderReply reply, boolean heard, Attempt hedge, Handoff handoff) {
    }

    /** The answer of the hedged provider: the router serves it as that provider's. */
    record Handoff(String provider, Admission.Proceed proceed, ProviderReply reply, BigDecimal costUsd, long startedAtMs) {
    }

    private final Hedging hedging;
    private final String provider;
    private final int inputTokens;
    private final HedgeTarget target;
    private final long deadlineMs;
    private final ReentrantLock lock = new ReentrantLock();
    private HedgeLeg first;
    private HedgeLeg second;
    private HedgeLeg winner;
    /** The hedge's thread once the delay passed without a token; guarded by the lock. */
    private Thread hedger;
    /** Written by the hedge's thread, read by the request's thread after joining it. */
    private HedgeBackup backup;
    private volatile Future<?> timer;

    HedgedCall(Hedging hedging, String provider, int inputTokens, HedgeTarget target, long deadlineMs) {
        this.hedging = hedging;
        this.provider = provider;
        this.inputTokens = inputTokens;
        this.target = target;
        this.deadlineMs = deadlineMs;
    }

    /** Makes the first try of {@code client} with {@code call}, hedged when due. */
    Result call(ProviderClient client, ProviderCall call) throws InterruptedException {
        if (hedging == null) {
            return new Result(client.call(call), true, null, null);
        }
        if (target == null) {
            ProviderReply reply = client.call(call);
            hedging.observe(client.name(), reply);
            return new Result(reply, true, null, null);
        }
        first = new HedgeLeg(client.name(), client, call, this, hedging.clock().millis());
        timer = hedging.schedule(() -> due(call.requestId()), hedging.delay(provider));
        try {
            first.run();
        } finally {
            timer.cancel(false);
        }
        Thread running;
        boolean interrupted;
        lock.lock();
        try {
            running = hedger;
            // a cancel's interrupt is ours (the client has seen it); any other is the caller's
            interrupted = first.cancelled ? clearInterrupt() : Thread.currentThread().isInterrupted();
        } finally {
            lock.unlock();
        }
        try {
            if (interrupted) {
                throw new InterruptedException("interrupted during a hedged call");
            }
            if (running != null) {
                running.join();
            }
        } catch (InterruptedException e) {
            cancelAll();
            joinUninterruptibly(running);
            if (backup != null) {
                backup.settle(hedgeReply(backup), secondHeard());
            }
            throw e;
        }
        if (first.thrown != null) { // the first provider's client failed: as without hedging, the router sees it
            if (backup != null) {
                backup.settle(hedgeReply(backup), secondHeard());
            }
            throw first.thrown;
        }
        return result(backup);
    }

    private static boolean clearInterrupt() {
        Thread.interrupted();
        return false;
    }

    /** On the timer's thread, the delay passed: the hedge gets a thread of its own unless the first try streamed or ended. */
    private void due(String requestId) {
        lock.lock();
        try {
            if (winner == null && !first.done && !first.token && hedger == null) {
                hedger = hedging.legs().newThread(() -> hedge(requestId));
                hedger.start();
            }
        } finally {
            lock.unlock();
        }
    }

    /** On the hedge's thread: starts the hedge if allowed, then makes its call here. */
    private void hedge(String requestId) {
        HedgeBackup started = startBackup(requestId);
        backup = started;
        if (started != null) {
            second.run();
        }
    }

    /** Starts the hedge if the cooldown, the cap and the budget allow it; null when none was started. */
    private HedgeBackup startBackup(String requestId) {
        Optional<CooldownPermit> permit = hedging.cooldowns().tryEnter(target.provider());
        if (permit.isEmpty()) {
            hedging.count(provider, "cooling");
            return null;
        }
        if (!hedging.share().tryAcquire()) {
            permit.get().close();
            hedging.count(provider, "capped");
            return null;
        }
        Admission admission = target.admit().get();
        if (!(admission instanceof Admission.Proceed proceed)) {
            permit.get().close();
            hedging.share().release();
            hedging.count(provider, "budget");
            return null;
        }
        HedgeBackup started = new HedgeBackup(permit.get(), proceed, target.config(), hedging.ledger());
        long remaining = deadlineMs - hedging.clock().millis();
        CallShape shape = new CallShape(proceed.model(), proceed.system(), proceed.messages(), proceed.maxOutputTokens(),
                target.temperature());
        ProviderCall call = shape.toCall(requestId, CallTimeouts.of(hedging.routing()).cappedAt(Duration.ofMillis(Math.max(1, remaining))));
        boolean starts;
        lock.lock();
        try {
            starts = winner == null && !first.done && remaining > 0;
            if (starts) { // made on this thread, so the race can cancel it by interrupting this thread
                second = new HedgeLeg(target.provider(), target.client(), call, this, hedging.clock().millis());
            }
        } finally {
            lock.unlock();
        }
        if (!starts) { // the first provider streamed (or ended) meanwhile: no hedge after all
            hedging.share().release();
            started.settle(null, false);
            return null;
        }
        return started;
    }

    @Override
    public void tokenFrom(HedgeLeg leg) {
        lock.lock();
        try {
            if (winner == null) {
                win(leg);
            }
        } finally {
            lock.unlock();
        }
        if (leg == first) {
            timer.cancel(false); // a token before the delay: no hedge is due
        }
    }

    @Override
    public void finished(HedgeLeg leg, ProviderReply reply) {
        lock.lock();
        try {
            leg.reply = reply;
            leg.done = true;
            boolean endsRace = reply.isOk() || !hedging.policy().failsOver(reply.outcome());
            if (winner == null && endsRace) {
                win(leg);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: {@code leg} wins; the other one, if still running, is cancelled. */
    private void win(HedgeLeg leg) {
        winner = leg;
        HedgeLeg other = leg == first ? second : first;
        if (other != null && !other.done) {
            long now = System.nanoTime();
            // slower than a provider that answered, and slow for itself: not a cold start or a hedge that began later
            other.slowerThanWinner = other.waitedNanos(now) > leg.waitedNanos(now) && hedging.learned(other.provider);
            other.cancel();
        }
    }

    private void cancelAll() {
        lock.lock();
        try {
            for (HedgeLeg leg : new HedgeLeg[] {first, second}) {
                if (leg != null && !leg.done) {
                    leg.cancel();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread != null) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** After both legs ended: the first provider's reply, the hedge's attempt and, if the hedge answered, its answer. */
    private Result result(HedgeBackup backup) {
        lock.lock();
        try {
            ProviderReply reply = first.cancelled ? cancelled(first, inputTokens) : first.reply;
            if (!first.cancelled) {
                hedging.observe(first.provider, first.reply);
            }
            if (backup == null) {
                return new Result(reply, true, null, null);
            }
            ProviderReply hedgeReply = hedgeReply(backup);
            if (!second.cancelled) {
                hedging.observe(second.provider, second.reply);
            }
            backup.settle(hedgeReply, secondHeard());
            Attempt attempt = AttemptRecords.attemptOf(second.provider, backup.proceed.model(), hedgeReply, backup.cost);
            boolean answered = winner == second && hedgeReply.isOk();
            hedging.count(provider, answered ? "won" : winner == first ? "lost" : "both_failed");
            Handoff handoff = answered
                    ? new Handoff(second.provider, backup.proceed, hedgeReply, backup.cost, second.startedAtMs) : null;
            return new Result(reply, !first.cancelled || first.slowerThanWinner, attempt, handoff);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the hedge's breaker hears its call: unless it was cancelled having waited less than the winner. */
    private boolean secondHeard() {
        return second != null && (!second.cancelled || second.slowerThanWinner);
    }

    private ProviderReply hedgeReply(HedgeBackup backup) {
        if (second == null || second.reply == null) {
            return null;
        }
        return second.cancelled ? cancelled(second, backup.proceed.inputTokens()) : second.reply;
    }

    /** A cancelled leg's reply: {@code TTFT_TIMEOUT} with the reason, billed at least {@code promptTokens} of input. */
    private ProviderReply cancelled(HedgeLeg leg, int promptTokens) {
        ProviderReply reply = leg.reply;
        String other = leg == first ? second.provider : first.provider;
        return new ProviderReply(AttemptOutcome.TTFT_TIMEOUT, reply.httpStatus(), null, reply.model(),
                AttemptRecords.atLeastPrompt(reply.usage(), promptTokens), reply.latency(), null, null,
                CANCELLED_DETAIL + other + " streamed first; no token after " + reply.latency().toMillis() + " ms");
    }
}
