package dev.keel.cli.batch;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The job's progress: a bar redrawn in place on a terminal, or a plain line every so often when the
 * output is a file or a pipe (CI logs, {@code nohup}). Rate and ETA count results completed during this run only.
 * Called from the job's main thread.
 */
final class ProgressView {

    enum Mode { BAR, LINES, NONE }

    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final Mode mode;
    private final long everyMillis;
    private final long startNanos = System.nanoTime();
    private long lastShown;
    private boolean drawn;

    ProgressView(PrintWriter err, Mode mode, long everyMillis) {
        this.err = err;
        this.mode = mode;
        this.everyMillis = mode == Mode.BAR ? Math.min(everyMillis, 250) : everyMillis;
    }

    /** Shows the totals if it is time to (always when {@code force}). */
    void show(JobLedger.Totals t, boolean force) {
        long now = System.nanoTime() / 1_000_000;
        if (mode == Mode.NONE || (!force && now - lastShown < everyMillis)) {
            return;
        }
        lastShown = now;
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        double rate = t.answeredThisRun() / seconds;
        long left = t.lines() - t.done();
        String eta = rate <= 0 ? "--:--" : clock((long) (left / rate));
        String text = String.format(Locale.ROOT, "%,d/%,d done (%.1f %%)  ok %,d  failed %,d  rejected %,d  invalid %,d  in flight %,d  $%.4f  %.1f/s  ETA %s",
                t.done(), t.lines(), t.lines() == 0 ? 100.0 : 100.0 * t.done() / t.lines(), t.succeeded(), t.failed(), t.rejected(),
                t.invalid(), t.inFlight(), t.spentUsd(), rate, eta);
        if (mode == Mode.BAR) {
            int filled = t.lines() == 0 ? WIDTH : (int) (WIDTH * t.done() / t.lines());
            err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + text + "\u001b[K");
            drawn = true;
        } else {
            err.println("keel batch: " + text);
        }
        err.flush();
    }

    /** Ends the bar's line so what follows starts on a fresh one. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
