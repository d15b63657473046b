package dev.keel.router.routing;

import java.time.Duration;

/** How the router waits between in-group retries; tests inject one that advances a mutable clock. */
@FunctionalInterface
public interface Pause {
    Pause REAL = duration -> Thread.sleep(duration); // on a virtual thread: parks, holds no carrier

    void sleep(Duration duration) throws InterruptedException;
}
