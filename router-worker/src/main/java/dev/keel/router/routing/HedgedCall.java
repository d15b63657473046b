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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One provider's first try, hedged: the call runs on its own thread; when it has no token after
 * {@link Hedging#delay} the next provider ({@link HedgeTarget}) is called too, if the share cap, that provider's
 * cooldown and its budget allow it. The first leg to stream a token wins and the other is cancelled (its HTTP
 * stream closed). A leg that fails before any token leaves the race to the other; one whose outcome does not
 * fail over (a 400) or that answers without having signalled a token ends it. Each call is made once; the
 * winner is waited for to the end of its stream.
 *
 * <p>Bookkeeping: the first provider's permit, attempt and reservation stay with {@link ProviderAttempts} and the
 * router; the hedge's are settled here: its cooldown permit recorded (a cancelled leg counts as a TTFT failure
 * only when it had waited longer than the winner's own TTFT and its own delay is learned, else it is released
 * unheard), its attempt built, its reservation settled with its cost. A cancelled leg's outcome is {@code TTFT_TIMEOUT} with a detail starting
 * {@link #CANCELLED_DETAIL}, and it is billed at least its prompt's input tokens. Confined to the request's thread
 * apart from the legs' callbacks, which take the lock.
 */
final class HedgedCall implements HedgeLeg.Race {

    /** The detail every cancelled leg's attempt starts with. */
    static final String CANCELLED_DETAIL = "hedge: cancelled, ";

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
    private final Condition changed = lock.newCondition();
    private HedgeLeg first;
    private HedgeLeg second;
    private HedgeLeg winner;

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
        first.start(hedging.legs());
        HedgeBackup backup = null;
        try {
            if (awaitTokenOrDone(hedging.delay(provider))) {
                backup = startBackup(call.requestId());
            }
            first.join();
            if (second != null) {
                second.join();
            }
        } catch (InterruptedException e) {
            cancelAll();
            joinUninterruptibly();
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

    /** Waits up to {@code delay} for the first leg's token or end; true when the hedge is due. */
    private boolean awaitTokenOrDone(Duration delay) throws InterruptedException {
        long remaining = delay.toNanos();
        lock.lock();
        try {
            while (!first.token && !first.done && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return !first.token && !first.done;
        } finally {
            lock.unlock();
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
        HedgeBackup backup = new HedgeBackup(permit.get(), proceed, target.config(), hedging.ledger());
        long remaining = deadlineMs - hedging.clock().millis();
        CallShape shape = new CallShape(proceed.model(), proceed.system(), proceed.messages(), proceed.maxOutputTokens(),
                target.temperature());
        ProviderCall call = shape.toCall(requestId, CallTimeouts.of(hedging.routing()).cappedAt(Duration.ofMillis(Math.max(1, remaining))));
        lock.lock();
        try {
            if (winner == null && !first.done && remaining > 0) {
                second = new HedgeLeg(target.provider(), target.client(), call, this, hedging.clock().millis());
                second.start(hedging.legs());
            }
        } finally {
            lock.unlock();
        }
        if (second == null) { // the first provider streamed (or ended) meanwhile: no hedge after all
            hedging.share().release();
            backup.settle(null, false);
            return null;
        }
        return backup;
    }

    @Override
    public void tokenFrom(HedgeLeg leg) {
        lock.lock();
        try {
            if (winner == null) {
                win(leg);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
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
            changed.signalAll();
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

    private void joinUninterruptibly() {
        boolean interrupted = false;
        for (HedgeLeg leg : new HedgeLeg[] {first, second}) {
            while (leg != null) {
                try {
                    leg.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
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
