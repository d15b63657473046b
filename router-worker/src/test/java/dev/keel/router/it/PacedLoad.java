package dev.keel.router.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sends requests at a steady rate from a scheduler (no sleeping test thread), like a service would. */
final class PacedLoad {

    private PacedLoad() {
    }

    /** Sends {@code count} requests at {@code perSecond}; returns their ids once all were handed to the producer. */
    static List<String> send(WorkerStack stack, String prefix, int count, int perSecond) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i);
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor()) {
            scheduler.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < count) {
                    stack.send(WorkerStack.request(ids.get(i)));
                }
                if (i >= count - 1) {
                    done.countDown();
                }
            }, 0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
            done.await();
            scheduler.shutdownNow();
        }
        stack.flush();
        return ids;
    }
}
