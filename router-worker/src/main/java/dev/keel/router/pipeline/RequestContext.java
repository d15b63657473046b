package dev.keel.router.pipeline;

import dev.keel.schemas.Lane;

/**
 * What the worker knows about a request beyond its fields: where it came from, when it was picked
 * up, and the switches in force at that moment (bypass is read once per request, so a request is
 * served entirely one way).
 */
public record RequestContext(String workerId, String sourceTopic, int partition, long offset, Lane lane,
                             long createdAtMs, long pickedUpAtMs, boolean bypass) {

    /** Created → picked up; never negative (clocks of producers drift). */
    public long queueMs() {
        return Math.max(0, pickedUpAtMs - createdAtMs);
    }
}
