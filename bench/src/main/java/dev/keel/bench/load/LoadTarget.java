package dev.keel.bench.load;

import java.util.concurrent.CompletableFuture;

/**
 * Where a run sends its requests. {@link #send} must not wait for the answer: the schedule never waits
 * for a target (that would be coordinated omission). The future completes when the answer arrives, on
 * whatever thread the target receives it; {@link LoadRun} reads the clock then.
 *
 * <p>Thread-safety: {@code send} is called from the run's one pacer thread; futures may complete on any thread.
 */
public interface LoadTarget extends AutoCloseable {

    /** A short name for reports, e.g. {@code kafka} or {@code http http://127.0.0.1:8080/v1}. */
    String name();

    CompletableFuture<Answer> send(LoadRequest request);

    @Override
    void close();
}
