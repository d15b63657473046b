package dev.keel.slo;

import java.util.concurrent.atomic.AtomicReference;

/** Where the status endpoint gets its snapshot. Implementations are thread-safe. */
public interface StatusSource {

    /** The current snapshot, fetched from whichever instance holds the engine's state. */
    StatusReading read();

    /** The snapshot of this instance's own state only (what another instance forwards to). */
    default StatusReading readLocal() {
        return read();
    }

    /**
     * A source set after the server starts: the Streams app needs the server's port before it can be
     * built, and the server needs a source. Unavailable until {@link #set}.
     */
    final class Deferred implements StatusSource {
        private final AtomicReference<StatusSource> target = new AtomicReference<>();

        public void set(StatusSource source) {
            target.set(source);
        }

        @Override
        public StatusReading read() {
            StatusSource source = target.get();
            return source == null ? new StatusReading.Unavailable("the SLO app is starting") : source.read();
        }

        @Override
        public StatusReading readLocal() {
            StatusSource source = target.get();
            return source == null ? new StatusReading.Unavailable("the SLO app is starting") : source.readLocal();
        }
    }
}
