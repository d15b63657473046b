package dev.keel.bench.load;

import java.util.List;

/**
 * Something watched during a run: consumer lag, CPU, heap. {@link LoadRun} calls {@link #sample} about once
 * a second from its own thread from the first measured request until the last answer, then {@link #summary},
 * then {@link #close}: a probe serves one run.
 */
public interface RunProbe extends AutoCloseable {

    /** {@code measuredNanos}: time since the measured part began. */
    void sample(long measuredNanos);

    /** One or more {@code name: figures} lines for the report. */
    List<String> summary();

    /** Releases what the probe holds (an admin client); called once by the run. */
    @Override
    default void close() {
    }
}
