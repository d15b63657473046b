package dev.keel.router.delivery;

import java.time.Clock;

/**
 * Whether this worker can deliver: OK; DEGRADED while publishing fails and is being retried (a broker
 * outage: it recovers on its own); FAILED once the worker gave up (fenced, not authorised, nothing it
 * can publish) and left the consumer group so other workers take its partitions. Written by the poll
 * thread, read by the status reporter. Thread-safe.
 */
public final class WorkerHealth {

    public enum State { OK, DEGRADED, FAILED }

    private final Clock clock;
    private volatile State state = State.OK;
    private volatile String detail;
    private volatile long since;

    public WorkerHealth(Clock clock) {
        this.clock = clock;
        this.since = clock.millis();
    }

    public State state() {
        return state;
    }

    /** Why the worker is not OK (no secrets, no prompts); null when OK. */
    public String detail() {
        return detail;
    }

    /** Epoch ms of the last change of state. */
    public long since() {
        return since;
    }

    public boolean healthy() {
        return state == State.OK;
    }

    void ok() {
        if (state == State.DEGRADED) {
            set(State.OK, null);
        }
    }

    void degraded(String why) {
        if (state == State.OK) {
            set(State.DEGRADED, why);
        } else if (state == State.DEGRADED) {
            detail = why;
        }
    }

    void failed(String why) {
        set(State.FAILED, why);
    }

    private synchronized void set(State next, String why) {
        if (state == State.FAILED) {
            return;
        }
        state = next;
        detail = why;
        since = clock.millis();
    }
}
