package dev.keel.cli.stack;

import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.Secret;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Two provider simulators standing in for real providers when none are configured: the primary
 * speaks OpenAI Chat Completions, the secondary Anthropic Messages and costs about three times as
 * much (the seed's "a secondary can cost three times as much").
 */
public record SimProviders(ProviderSim primary, ProviderSim secondary) implements AutoCloseable {

    public static final String PRIMARY_MODEL = "gpt-4o-mini";
    public static final String SECONDARY_MODEL = "claude-haiku-4-5";
    /** Demo latency: TTFT median 250 ms (p95 800 ms), 8 ms per token (p95 20 ms). */
    public static final Latency DEMO_LATENCY = new Latency(250, 800, 8, 20);
    /**
     * The keys the simulators accept (they are simulators: nothing secret). Open mode would accept any key,
     * including the invalid one workers send after {@code keel control api-key primary --revoke}; with a
     * key of their own the simulators answer that with 401, as a real provider does, so the drill works on
     * {@code keel up}.
     */
    public static final String PRIMARY_KEY = "keel-sim-primary";
    public static final String SECONDARY_KEY = "keel-sim-secondary";
    /** Short system blocks still show prompt caching in the demo. */
    private static final int DEMO_CACHE_MIN_TOKENS = 32;

    public static SimProviders start(long seed, Latency latency) {
        ProviderSim primary = ProviderSim.start(SimSettings.defaults("primary").withSeed(seed).withLatency(latency)
                .withCacheMinTokens(DEMO_CACHE_MIN_TOKENS).withAcceptedKeys(List.of(PRIMARY_KEY)));
        ProviderSim secondary = ProviderSim.start(SimSettings.defaults("secondary").withSeed(seed + 1).withLatency(latency)
                .withCacheMinTokens(DEMO_CACHE_MIN_TOKENS).withAcceptedKeys(List.of(SECONDARY_KEY)));
        return new SimProviders(primary, secondary);
    }

    /** Provider config pointing at the simulators, with list prices of comparable real models. */
    public ProvidersConfig config() {
        return new ProvidersConfig(
                new ProviderConfig(ProviderKind.OPENAI, primary.openAiBaseUrl(), Secret.of(PRIMARY_KEY), PRIMARY_MODEL, "gpt-4.1-nano",
                        Map.of(PRIMARY_MODEL, price("0.15", "0.60", "0.075", null), "gpt-4.1-nano", price("0.10", "0.40", "0.025", null)),
                        null, null, null, null),
                new ProviderConfig(ProviderKind.ANTHROPIC, secondary.anthropicBaseUrl(), Secret.of(SECONDARY_KEY), SECONDARY_MODEL, "claude-3-5-haiku",
                        Map.of(SECONDARY_MODEL, price("0.45", "1.80", "0.045", "0.5625"), "claude-3-5-haiku", price("0.30", "1.20", "0.03", "0.375")),
                        null, null, null, null));
    }

    private static ModelPrice price(String input, String output, String cachedInput, String cacheWrite) {
        return new ModelPrice(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cachedInput),
                cacheWrite == null ? null : new BigDecimal(cacheWrite), null);
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
    }
}
