package dev.keel.cli.batch;

import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.PromptResult;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the job knows: which lines are sent (committed SENT records), which are answered (first result
 * per line), the money spent and the worst case still in flight. Results arrive on the reply reader's
 * thread; the sender waits on {@link #awaitChange}. Thread-safe.
 */
final class JobLedger {

    /** Counters for the progress bar and the summary. */
    record Totals(long lines, long sent, long answered, long succeeded, long failed, long rejected, long invalid, long budgetSkipped,
                  long cacheHits, double spentUsd, double inFlightWorstUsd, long inFlight, long answeredThisRun) {
        long done() {
            return answered + invalid + budgetSkipped;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long lines;
    private final long runStartedAt;
    private long answeredThisRun;
    private final BitSet sent = new BitSet();
    private final BitSet answered = new BitSet();
    private final Map<Long, Double> capOfInFlight = new HashMap<>();
    private long succeeded;
    private long failed;
    private long rejected;
    private long invalid;
    private long budgetSkipped;
    private long cacheHits;
    private double spentUsd;
    private double inFlightWorstUsd;

    /** @param runStartedAt results completed before it were collected by an earlier run: they do not count for the rate */
    JobLedger(long lines, long runStartedAt) {
        this.lines = lines;
        this.runStartedAt = runStartedAt;
    }

    void markSent(long line, double capUsd) {
        lock.lock();
        try {
            if (!sent.get((int) line)) {
                sent.set((int) line);
                if (!answered.get((int) line)) {
                    capOfInFlight.put(line, capUsd);
                    inFlightWorstUsd += capUsd;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isSent(long line) {
        lock.lock();
        try {
            return sent.get((int) line);
        } finally {
            lock.unlock();
        }
    }

    /** Records the first result of a line; returns false for a copy (a redelivery) or a line outside the input. */
    boolean answer(long line, PromptResult result) {
        lock.lock();
        try {
            if (line < 1 || line > lines || answered.get((int) line)) {
                return false;
            }
            answered.set((int) line);
            Double cap = capOfInFlight.remove(line);
            if (cap != null) {
                inFlightWorstUsd -= cap;
            }
            spentUsd += result.getCostUsd();
            if (result.getCompletedAt() >= runStartedAt) {
                answeredThisRun++;
            }
            switch (result.getStatus()) {
                case SUCCESS -> succeeded++;
                case FAILED -> failed++;
                case REJECTED -> rejected++;
            }
            if (result.getCache() == CacheOutcome.HIT || result.getCache() == CacheOutcome.STALE) {
                cacheHits++;
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean isAnswered(long line) {
        lock.lock();
        try {
            return answered.get((int) line);
        } finally {
            lock.unlock();
        }
    }

    void invalid() {
        lock.lock();
        try {
            invalid++;
        } finally {
            lock.unlock();
        }
    }

    void budgetSkipped() {
        lock.lock();
        try {
            budgetSkipped++;
        } finally {
            lock.unlock();
        }
    }

    /** Whether one more request with this cap keeps spent + in-flight worst case within the budget (null: no budget). */
    boolean fits(Double budgetUsd, double capUsd, int pendingInChunk) {
        lock.lock();
        try {
            return budgetUsd == null || spentUsd + inFlightWorstUsd + (pendingInChunk + 1) * capUsd <= budgetUsd + 1e-12;
        } finally {
            lock.unlock();
        }
    }

    /** Sent lines without a result. */
    int inFlight() {
        lock.lock();
        try {
            return capOfInFlight.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a result arrives or the timeout passes; returns false on timeout. */
    boolean awaitChange(long millis) throws InterruptedException {
        lock.lock();
        try {
            return changed.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Lines sent and not answered yet. */
    java.util.List<Long> unanswered() {
        lock.lock();
        try {
            return capOfInFlight.keySet().stream().sorted().toList();
        } finally {
            lock.unlock();
        }
    }

    Totals totals() {
        lock.lock();
        try {
            return new Totals(lines, sent.cardinality(), answered.cardinality(), succeeded, failed, rejected, invalid, budgetSkipped,
                    cacheHits, spentUsd, inFlightWorstUsd, capOfInFlight.size(), answeredThisRun);
        } finally {
            lock.unlock();
        }
    }
}
