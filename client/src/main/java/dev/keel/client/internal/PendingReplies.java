package dev.keel.client.internal;

import dev.keel.client.ClientStats;
import dev.keel.client.KeelClientException;
import dev.keel.schemas.PromptResult;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The futures waiting for a result, by request id, each with the token its request carried. A
 * result completes a future only when both its request id and its token match, so a result from
 * before a restart, or for an earlier submission of the same request id, never reaches the wrong
 * future: it is dropped and counted as late. Bounded by {@code maxPending}. Futures complete on the
 * callback executor, never on the reply-polling thread. Thread-safe.
 */
public final class PendingReplies {

    private record Waiter(String token, CompletableFuture<PromptResult> future, long startedNanos, ScheduledFuture<?>[] timer) {
    }

    private final int maxPending;
    private final ScheduledExecutorService timers;
    private final Executor callbacks;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Object drained = new Object();
    private final LongAdder completed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder publishFailed = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder undecodable = new LongAdder();

    public PendingReplies(int maxPending, ScheduledExecutorService timers, Executor callbacks) {
        this.maxPending = maxPending;
        this.timers = timers;
        this.callbacks = callbacks;
    }

    /**
     * Registers a future for a request about to be published.
     *
     * @throws KeelClientException.Overloaded         when {@code maxPending} are waiting
     * @throws KeelClientException.DuplicateRequestId when the id is already waiting
     */
    public CompletableFuture<PromptResult> register(String requestId, String token, long timeoutMs) {
        if (size.incrementAndGet() > maxPending) {
            size.decrementAndGet();
            overloaded.increment();
            throw new KeelClientException.Overloaded(requestId, maxPending);
        }
        CompletableFuture<PromptResult> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(token, future, System.nanoTime(), new ScheduledFuture<?>[1]);
        if (waiting.putIfAbsent(requestId, waiter) != null) {
            size.decrementAndGet();
            throw new KeelClientException.DuplicateRequestId(requestId);
        }
        waiter.timer()[0] = timers.schedule(() -> expire(requestId, waiter), timeoutMs, TimeUnit.MILLISECONDS);
        return future;
    }

    /** A result read from the reply topic: completes its future, or is dropped as late. */
    public void deliver(PromptResult result, String token) {
        Waiter waiter = waiting.get(result.getRequestId());
        if (waiter == null || !waiter.token().equals(token) || !remove(result.getRequestId(), waiter)) {
            late.increment();
            return;
        }
        completed.increment();
        callbacks.execute(() -> waiter.future().complete(result));
    }

    /** The request could not be published. */
    public void publishFailed(String requestId, String token, Throwable cause) {
        Waiter waiter = waiting.get(requestId);
        if (waiter != null && waiter.token().equals(token) && remove(requestId, waiter)) {
            publishFailed.increment();
            callbacks.execute(() -> waiter.future().completeExceptionally(new KeelClientException.PublishFailed(requestId, cause)));
        }
    }

    public void undecodable() {
        undecodable.increment();
    }

    /** Waits up to {@code timeoutMs} for every waiting future to complete; true when none is left. */
    public boolean awaitDrained(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (drained) {
            while (size.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                drained.wait(left);
            }
        }
        return true;
    }

    /** Fails every waiting future with {@link KeelClientException.Closed}. */
    public void failAll() {
        for (Map.Entry<String, Waiter> entry : waiting.entrySet()) {
            Waiter waiter = entry.getValue();
            if (remove(entry.getKey(), waiter)) {
                callbacks.execute(() -> waiter.future().completeExceptionally(new KeelClientException.Closed(entry.getKey())));
            }
        }
    }

    public ClientStats stats() {
        return new ClientStats(size.get(), completed.sum(), timedOut.sum(), overloaded.sum(), publishFailed.sum(),
                late.sum(), undecodable.sum());
    }

    private void expire(String requestId, Waiter waiter) {
        if (remove(requestId, waiter)) {
            timedOut.increment();
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waiter.startedNanos());
            callbacks.execute(() -> waiter.future().completeExceptionally(new KeelClientException.TimedOut(requestId, waitedMs)));
        }
    }

    private boolean remove(String requestId, Waiter waiter) {
        if (!waiting.remove(requestId, waiter)) {
            return false;
        }
        ScheduledFuture<?> timer = waiter.timer()[0];
        if (timer != null) {
            timer.cancel(false);
        }
        if (size.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
        return true;
    }
}
