package dev.keel.slo.internal;

import dev.keel.config.SloThresholdAlert;
import dev.keel.schemas.Severity;

import java.time.Duration;

/**
 * The seed's three pages (p95 latency, success rate, average cost): one trailing window, a hold, PAGE
 * severity. Only what is measured and how it is worded differ between them.
 */
interface ThresholdRule extends Rule {

    SloThresholdAlert config();

    @Override
    default Severity severity() {
        return Severity.PAGE;
    }

    @Override
    default Duration window() {
        return config().window();
    }

    @Override
    default Duration hold() {
        return config().hold();
    }

    /** Whether the window must merge latency sketches (only the latency rule reads them). */
    default boolean readsLatency() {
        return false;
    }

    @Override
    default void register(TrailingWindows windows) {
        windows.window(config().window(), readsLatency());
    }
}
