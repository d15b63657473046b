package dev.keel.router.budget.internal;

import dev.keel.router.budget.Reservation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process ledger: the whole ledger when no Redis is configured, and the fallback of one worker
 * while Redis is unavailable. One lock per tenant period makes check-and-hold atomic. Holds expire after
 * {@code reservation-ttl} of the injected clock, like the Redis ones, and periods past their end are
 * forgotten. Thread-safe.
 */
public final class LocalLedgerStore implements LedgerStore {

    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Duration reservationTtl;
    private final Map<Account.Id, State> accounts = new ConcurrentHashMap<>();
    private volatile long nextSweepAt;

    public LocalLedgerStore(Duration reservationTtl) {
        this.reservationTtl = reservationTtl;
    }

    @Override
    public Reservation reserve(Account account, String reservationId, BigDecimal amountUsd, long nowMs) {
        sweepEndedPeriods(nowMs);
        long amount = UsdNanos.ceil(amountUsd);
        long limit = UsdNanos.floor(account.budget().limitUsd());
        State state = accounts.computeIfAbsent(account.id(), id -> new State(account.periodEnd()));
        synchronized (state) {
            state.purge(nowMs);
            boolean granted = state.spent + state.held + amount <= limit;
            long heldBefore = state.held;
            if (granted && amount > 0) {
                state.holds.put(reservationId, new Hold(amount, nowMs + reservationTtl.toMillis()));
                state.held += amount;
            }
            return new Reservation(reservationId, account.tenantId(), amountUsd, granted, Reservation.Store.LOCAL,
                    account.period(), account.periodId(), account.limitKey(),
                    UsdNanos.usd(state.spent), UsdNanos.usd(heldBefore), account.budget().limitUsd());
        }
    }

    @Override
    public void settle(Reservation reservation, BigDecimal actualUsd, long nowMs) {
        State state = accounts.computeIfAbsent(new Account.Id(reservation.tenantId(), reservation.periodId()),
                id -> new State(BudgetPeriods.periodEnd(reservation.periodId())));
        synchronized (state) {
            state.purge(nowMs);
            Hold hold = state.holds.remove(reservation.id());
            if (hold != null) {
                state.held -= hold.amount;
            }
            state.spent += UsdNanos.round(actualUsd);
        }
    }

    @Override
    public void charge(Account account, long actualNanos, long nowMs) {
        State state = accounts.computeIfAbsent(account.id(), id -> new State(account.periodEnd()));
        synchronized (state) {
            state.spent += actualNanos;
        }
    }

    /**
     * Raises what this worker believes the account has spent to at least {@code spentNanos}: before serving a
     * tenant from here while Redis is down, so the fallback starts from the last shared total it saw rather
     * than from zero.
     */
    public void seed(Account account, long spentNanos) {
        State state = accounts.computeIfAbsent(account.id(), id -> new State(account.periodEnd()));
        synchronized (state) {
            state.spent = Math.max(state.spent, spentNanos);
        }
    }

    /** Spent plus held, in nanos (tests and diagnostics). */
    public long committedNanos(Account.Id id, long nowMs) {
        State state = accounts.get(id);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            state.purge(nowMs);
            return state.spent + state.held;
        }
    }

    private void sweepEndedPeriods(long nowMs) {
        if (nowMs < nextSweepAt) {
            return;
        }
        nextSweepAt = nowMs + SWEEP_INTERVAL.toMillis();
        Instant forgetBefore = Instant.ofEpochMilli(nowMs).minus(reservationTtl);
        accounts.values().removeIf(state -> state.periodEnd.isBefore(forgetBefore));
    }

    @Override
    public void close() {
        accounts.clear();
    }

    private record Hold(long amount, long expiresAtMs) {
    }

    private static final class State {
        final Instant periodEnd;
        final Map<String, Hold> holds = new LinkedHashMap<>();
        long spent;
        long held;

        State(Instant periodEnd) {
            this.periodEnd = periodEnd;
        }

        void purge(long nowMs) {
            for (Iterator<Hold> it = holds.values().iterator(); it.hasNext(); ) {
                Hold hold = it.next();
                if (hold.expiresAtMs <= nowMs) {
                    held -= hold.amount;
                    it.remove();
                }
            }
        }
    }
}
