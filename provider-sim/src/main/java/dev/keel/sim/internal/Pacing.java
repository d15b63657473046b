package dev.keel.sim.internal;

import dev.keel.sim.Latency;

import java.io.IOException;
import java.util.SplittableRandom;

/** Latency draws for one request, taken up front so the random stream stays aligned. */
final class Pacing {

    private final double ttftMs;
    private final double[] gaps;

    Pacing(Latency latency, SplittableRandom random, int tokens) {
        this.ttftMs = LogNormal.sample(latency.ttftMedianMs(), latency.ttftP95Ms(), random);
        this.gaps = new double[tokens];
        for (int i = 0; i < tokens; i++) {
            gaps[i] = LogNormal.sample(latency.tokenMedianMs(), latency.tokenP95Ms(), random);
        }
    }

    double ttftMs() {
        return ttftMs;
    }

    double tokenGapMs(int i) {
        return gaps[i];
    }

    double wholeAnswerMs() {
        double sum = ttftMs;
        for (double gap : gaps) {
            sum += gap;
        }
        return sum;
    }

    static void pause(double ms) throws IOException {
        if (ms <= 0) {
            return;
        }
        try {
            long whole = (long) ms;
            // The simulated provider's latency itself (TTFT, gaps between tokens). Each exchange runs on its own
            // virtual thread, so sleeping parks it without holding a carrier thread.
            Thread.sleep(whole, (int) ((ms - whole) * 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("simulator shutting down");
        }
    }
}
