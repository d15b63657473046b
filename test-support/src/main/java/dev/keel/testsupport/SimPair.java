package dev.keel.testsupport;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The two provider simulators Keel's stack tests route between, on free ports: the primary speaks OpenAI's
 * Chat Completions (model {@code gpt-sim}, seed 1), the secondary Anthropic's Messages ({@code claude-sim},
 * seed 2, dearer). Faults are switched on each sim while a test runs ({@code primary.outage(true)}, or
 * {@link SimSettings#withFaults} at start); {@link #providers()} points Keel's provider config at them.
 * {@link #close()} stops both.
 */
public final class SimPair implements AutoCloseable {

    /** Fast but not instant: 20 ms median (60 ms p95) to the first token, 1 ms (3 ms) per token. */
    public static final Latency FAST = new Latency(20, 60, 1, 3);
    public static final ModelPrice PRIMARY_PRICE = ModelPrice.of(0.15, 0.60);
    public static final ModelPrice SECONDARY_PRICE = ModelPrice.of(1.00, 5.00);

    public final ProviderSim primary;
    public final ProviderSim secondary;

    private SimPair(ProviderSim primary, ProviderSim secondary) {
        this.primary = primary;
        this.secondary = secondary;
    }

    /** Both sims at {@link #FAST}. */
    public static SimPair start() {
        return start(FAST);
    }

    public static SimPair start(Latency latency) {
        return start(s -> s.withLatency(latency));
    }

    /** Both sims with their defaults, {@link #FAST} and their seeds, then {@code tweak} (keys, faults, latency). */
    public static SimPair start(UnaryOperator<SimSettings> tweak) {
        ProviderSim primary = ProviderSim.start(tweak.apply(SimSettings.defaults("primary").withLatency(FAST).withSeed(1)));
        try {
            return new SimPair(primary, ProviderSim.start(tweak.apply(SimSettings.defaults("secondary").withLatency(FAST).withSeed(2))));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** Keel's providers: primary first, no keys, {@link #PRIMARY_PRICE} and {@link #SECONDARY_PRICE}. */
    public ProvidersConfig providers() {
        return new ProvidersConfig(
                new ProviderConfig(ProviderKind.OPENAI, primary.openAiBaseUrl(), null, "gpt-sim", null,
                        Map.of("gpt-sim", PRIMARY_PRICE), null, null, null, null),
                new ProviderConfig(ProviderKind.ANTHROPIC, secondary.anthropicBaseUrl(), null, "claude-sim", null,
                        Map.of("claude-sim", SECONDARY_PRICE), null, null, null, null));
    }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            secondary.close();
        }
    }
}
