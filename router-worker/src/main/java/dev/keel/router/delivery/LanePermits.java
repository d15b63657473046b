package dev.keel.router.delivery;

import dev.keel.schemas.Lane;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds how many requests are processed at once, interactive first: a batch request gets a
 * permit only while no interactive request waits and the batch lane holds less than its share.
 * Thread-safe; waiters are virtual threads, so blocking is cheap.
 */
final class LanePermits {

    private final int capacity;
    private final int batchCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int used;
    private int batchUsed;
    private int interactiveWaiting;

    LanePermits(int capacity, double batchShare) {
        this.capacity = capacity;
        this.batchCapacity = Math.max(1, (int) Math.floor(capacity * batchShare));
    }

    void acquire(Lane lane) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (lane == Lane.BATCH) {
                while (used >= capacity || batchUsed >= batchCapacity || interactiveWaiting > 0) {
                    released.await();
                }
                batchUsed++;
            } else {
                interactiveWaiting++;
                try {
                    while (used >= capacity) {
                        released.await();
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
