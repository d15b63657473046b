package dev.keel.bench.load;

import java.util.PriorityQueue;

/** A clock that jumps instead of waiting; actions scheduled on it run, in time order, as it passes their time. */
final class FakeClock implements LoadClock {

    private record Timer(long at, long order, Runnable action) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long now = 1_000_000_000L;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void awaitUntil(long deadline) {
        while (!timers.isEmpty() && timers.peek().at() <= deadline) {
            Timer next = timers.poll();
            now = Math.max(now, next.at());
            next.action().run();
        }
        now = Math.max(now, deadline);
    }

    void advance(long nanos) {
        now += nanos;
    }

    void at(long time, Runnable action) {
        timers.add(new Timer(time, order++, action));
    }
}
