package dev.keel.router.delivery;

import dev.keel.schemas.Lane;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds how many requests are processed at once, interactive first: a batch request gets a
 * permit only while no interactive request waits and the batch lane holds less than its share.
 * While the worker starts, the bound is {@link SlowStart}'s lower one. Thread-safe; waiters are
 * virtual threads, so blocking is cheap.
 */
final class LanePermits {

    /** How often a waiter looks again while the slow start raises the limit. */
    private static final long RAMP_RECHECK_MS = 20;

    private final int batchCapacity;
    private final double batchShare;
    private final SlowStart slowStart;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int used;
    private int batchUsed;
    private int interactiveWaiting;

    LanePermits(int capacity, double batchShare) {
        this(capacity, batchShare, SlowStart.off(capacity));
    }

    LanePermits(int capacity, double batchShare, SlowStart slowStart) {
        this.batchShare = batchShare;
        this.batchCapacity = batchCapacityOf(capacity);
        this.slowStart = slowStart;
    }

    private int batchCapacityOf(int limit) {
        return Math.max(1, (int) Math.floor(limit * batchShare));
    }

    void acquire(Lane lane) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (lane == Lane.BATCH) {
                int limit = slowStart.limit();
                while (used >= limit || batchUsed >= batchCapacityOf(limit) || interactiveWaiting > 0) {
                    await();
                    limit = slowStart.limit();
                }
                batchUsed++;
            } else {
                interactiveWaiting++;
                try {
                    while (used >= slowStart.limit()) {
                        await();
                    }
                } finally {
                    interactiveWaiting--;
                }
            }
            used++;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: until a release, or a little while when the slow start may have raised the limit. */
    private void await() throws InterruptedException {
        if (slowStart.ramping()) {
            released.await(RAMP_RECHECK_MS, TimeUnit.MILLISECONDS);
        } else {
            released.await();
        }
    }

    void release(Lane lane) {
        lock.lock();
        try {
            used--;
            if (lane == Lane.BATCH) {
                batchUsed--;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int batchCapacity() {
        return batchCapacity;
    }
}
