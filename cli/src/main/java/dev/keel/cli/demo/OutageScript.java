package dev.keel.cli.demo;

import dev.keel.sim.Faults;
import dev.keel.sim.Protocol;
import dev.keel.sim.ProviderSim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's scripted incident: from 35% to 65% of the run the primary stalls before its first
 * token on every call, as a provider does on a bad day. Keel's TTFT timeout, failover and cooldown
 * should make it invisible to callers. Called from the demo's ticker thread.
 */
final class OutageScript {

    private final ProviderSim primary;
    private final Duration start;
    private final Duration end;
    private final List<String> events = new ArrayList<>();
    private boolean begun;
    private boolean ended;

    OutageScript(ProviderSim primary, Duration duration) {
        this.primary = primary;
        this.start = Duration.ofMillis((long) (duration.toMillis() * 0.35));
        this.end = Duration.ofMillis((long) (duration.toMillis() * 0.65));
    }

    /** Applies what is due at {@code elapsed}; returns the events that happened, for the table. */
    List<String> advance(Duration elapsed) {
        List<String> now = new ArrayList<>();
        if (!begun && elapsed.compareTo(start) >= 0) {
            begun = true;
            primary.setFaults(Protocol.OPENAI, Faults.NONE.withTtftStall(1.0, 30_000));
            now.add("primary outage begins: every call stalls before its first token");
        }
        if (!ended && elapsed.compareTo(end) >= 0) {
            ended = true;
            primary.setFaults(Protocol.OPENAI, Faults.NONE);
            now.add("primary recovers");
        }
        events.addAll(now);
        return now;
    }

    Duration start() {
        return start;
    }

    Duration end() {
        return end;
    }
}
