package dev.keel.alerts.internal;

import java.time.Duration;

/** How a sink waits between attempts; injected so that tests of the retry schedule need no real waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
