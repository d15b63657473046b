package dev.keel.router.budget.internal;

import dev.keel.router.budget.Reservation;

import java.math.BigDecimal;

/** Where reservations and spend of metered tenants are kept. Thread-safe. */
public interface LedgerStore extends AutoCloseable {

    /** Atomically holds {@code amountUsd} if spent + held + amount stays within the account's limit. */
    Reservation reserve(Account account, String reservationId, BigDecimal amountUsd, long nowMs);

    /** Releases the hold (if it has not expired) and adds {@code actualUsd} to the period's spend. */
    void settle(Reservation reservation, BigDecimal actualUsd, long nowMs);

    /** Adds {@code actualNanos} to the account's spend, holding and checking nothing. */
    void charge(Account account, long actualNanos, long nowMs);

    @Override
    void close();
}
