package dev.keel.providers.internal;

import dev.keel.providers.CallListener;
import dev.keel.schemas.AttemptOutcome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.io.EOFException;
import java.util.Optional;

/**
 * The read loops of a response body, apart from HTTP so they can be driven by a scripted
 * {@link InputStream} and a test clock. A watchdog (or nothing, in tests) may close the stream
 * underneath; {@link Watch#fired()} then tells which timeout did. Runs on the calling thread.
 */
final class BodyReader {

    /** What the reader needs from whoever enforces deadlines while it is blocked. */
    interface Watch {
        /** The timeout that closed the stream, or null. */
        AttemptOutcome fired();

        /** The first content token moved the deadline (TTFT -> idle), possibly earlier. */
        void deadlineMoved();

        Watch NONE = new Watch() {
            @Override
            public AttemptOutcome fired() {
                return null;
            }

            @Override
            public void deadlineMoved() {
            }
        };
    }

    private final CallDeadlines deadlines;
    private final InstantSource clock;
    private final Watch watch;
    private final CallListener listener;

    BodyReader(CallDeadlines deadlines, InstantSource clock, Watch watch) {
        this(deadlines, clock, watch, CallListener.NONE);
    }

    /** @param listener hears the first content or reasoning token */
    BodyReader(CallDeadlines deadlines, InstantSource clock, Watch watch, CallListener listener) {
        this.deadlines = deadlines;
        this.clock = clock;
        this.watch = watch;
        this.listener = listener;
    }

    /**
     * Reads server-sent events into {@code state} up to the protocol's terminator, then drains the
     * rest briefly so the connection can be reused.
     *
     * @return null when the stream completed, else why it did not
     */
    Failure readStream(InputStream in, StreamState state) {
        SseParser parser = new SseParser();
        byte[] buffer = new byte[8192];
        boolean ended = false;
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (ended) {
                    continue;
                }
                Instant now = clock.instant();
                for (SseEvent event : parser.feed(buffer, 0, n)) {
                    StreamState.Step step = state.accept(event);
                    if (step == StreamState.Step.FAILED) {
                        return state.failure();
                    }
                    if (step == StreamState.Step.CONTENT || step == StreamState.Step.REASONING) {
                        boolean first = !deadlines.alive();
                        if (step == StreamState.Step.CONTENT) {
                            deadlines.onContent(now);
                        } else {
                            deadlines.onReasoning(now);
                        }
                        if (first) {
                            watch.deadlineMoved();
                            listener.firstToken();
                        }
                    } else if (step == StreamState.Step.END) {
                        ended = true;
                        deadlines.onFinished(now);
                        break;
                    }
                }
                if (!ended) {
                    Optional<AttemptOutcome> expired = deadlines.expiredAt(now);
                    if (expired.isPresent()) {
                        return Failure.of(expired.get(), deadlines.describe(expired.get(), now));
                    }
                }
            }
        } catch (IOException e) {
            return ended ? null : interrupted(e);
        }
        if (ended) {
            return null;
        }
        AttemptOutcome timeout = watch.fired();
        if (timeout != null) {
            return Failure.of(timeout, deadlines.describe(timeout, clock.instant()));
        }
        return Failure.of(AttemptOutcome.PROTOCOL, "stream ended without " + state.terminator());
    }

    /**
     * Reads a whole body of at most {@code maxBytes}.
     *
     * @return the bytes, or a {@link Failure}
     */
    Read<byte[]> readAll(InputStream in, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    return Read.failed(Failure.of(AttemptOutcome.PROTOCOL, "body larger than " + maxBytes + " bytes"));
                }
            }
        } catch (IOException e) {
            return Read.failed(interrupted(e));
        }
        AttemptOutcome timeout = watch.fired();
        if (timeout != null) {
            return Read.failed(Failure.of(timeout, deadlines.describe(timeout, clock.instant())));
        }
        deadlines.onFinished(clock.instant());
        return Read.ok(out.toByteArray());
    }

    private Failure interrupted(IOException e) {
        AttemptOutcome timeout = watch.fired();
        if (timeout != null) {
            return Failure.of(timeout, deadlines.describe(timeout, clock.instant()));
        }
        if (hasCause(e, EOFException.class)) { // the peer closed before the body's announced end
            return Failure.of(AttemptOutcome.PROTOCOL, "body ended before its announced length");
        }
        return Failure.of(AttemptOutcome.NETWORK, NetworkErrors.describe(e));
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
