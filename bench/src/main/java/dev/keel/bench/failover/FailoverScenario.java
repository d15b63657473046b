package dev.keel.bench.failover;

import dev.keel.sim.Faults;
import dev.keel.sim.Protocol;
import dev.keel.sim.ProviderSim;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/** The four ways the primary fails in the failover bench (issue 15 item 3); each ends with the simulator's reset. */
public enum FailoverScenario {
    /** The provider port closed: connections refused, open ones reset. */
    OUTAGE(sim -> sim.outage(true)),
    /** Headers and start events, then nothing for 30 s: every call stalls before its first token. */
    TTFT_STALL(sim -> sim.setFaults(Protocol.OPENAI, Faults.NONE.withTtftStall(1.0, 30_000))),
    /** Every key in use revoked: 401 on every call. */
    REVOKED_KEY(ProviderSim::revokeKeys),
    /** A 200 stream that carries an error event after half its tokens. */
    ERROR_EVENT(sim -> sim.setFaults(Protocol.OPENAI, Faults.NONE.withErrorEvents(1.0, "server_error")));

    private final Consumer<ProviderSim> inject;

    FailoverScenario(Consumer<ProviderSim> inject) {
        this.inject = inject;
    }

    public void inject(ProviderSim primary) {
        inject.accept(primary);
    }

    /** Back to the start settings: faults cleared, keys accepted again, port reopened. */
    public void recover(ProviderSim primary) {
        primary.reset();
    }

    /** {@code ttft-stall} for {@link #TTFT_STALL}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FailoverScenario of(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + id + "' (outage, ttft-stall, revoked-key, error-event)"));
    }
}
