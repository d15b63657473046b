package dev.keel.bench.load;

import java.util.concurrent.locks.LockSupport;

/** The run's time source; tests inject a fake one. */
public interface LoadClock {

    /** Monotonic nanoseconds. */
    long nanoTime();

    /** Returns once {@link #nanoTime()} reached {@code deadline} (at once if it has). */
    void awaitUntil(long deadline);

    LoadClock SYSTEM = new LoadClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void awaitUntil(long deadline) {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    };
}
