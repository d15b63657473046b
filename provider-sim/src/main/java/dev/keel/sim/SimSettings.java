package dev.keel.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one simulated provider starts. Faults and latency can change at run time; the rest is fixed.
 *
 * @param name             for logs and the admin state, e.g. {@code primary}
 * @param host             the loopback address to bind
 * @param port             provider port; 0 picks a free one (kept across an outage)
 * @param adminPort        admin API port; 0 picks a free one, -1 starts no admin API
 * @param seed             makes output text, latency draws and fault decisions reproducible
 * @param latency          TTFT and per-token delay distributions
 * @param acceptedKeys     API keys answered with 200; empty accepts any key (until revoked)
 * @param openAiFaults     faults of {@code /v1/chat/completions}
 * @param anthropicFaults  faults of {@code /v1/messages}
 * @param cacheMinTokens   shortest prompt prefix the prompt caches keep (the providers' minimum is 1024)
 * @param openAiCacheTtl   how long OpenAI's automatic prefix cache keeps a prefix
 */
public record SimSettings(String name, String host, int port, int adminPort, long seed, Latency latency,
                          List<String> acceptedKeys, Faults openAiFaults, Faults anthropicFaults, int cacheMinTokens,
                          Duration openAiCacheTtl) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_CACHE_MIN_TOKENS = 1024;
    public static final Duration DEFAULT_OPENAI_CACHE_TTL = Duration.ofMinutes(5);
    public static final int NO_ADMIN = -1;

    public SimSettings {
        Objects.requireNonNull(name, "name");
        host = host == null ? DEFAULT_HOST : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (adminPort < NO_ADMIN || adminPort > 65535) {
            throw new IllegalArgumentException("admin port must be -1 (none), 0 (any) or a port, got " + adminPort);
        }
        latency = latency == null ? Latency.NONE : latency;
        acceptedKeys = List.copyOf(acceptedKeys == null ? List.of() : acceptedKeys);
        openAiFaults = openAiFaults == null ? Faults.NONE : openAiFaults;
        anthropicFaults = anthropicFaults == null ? Faults.NONE : anthropicFaults;
        if (cacheMinTokens < 1) {
            throw new IllegalArgumentException("cache min tokens must be positive, got " + cacheMinTokens);
        }
        openAiCacheTtl = openAiCacheTtl == null ? DEFAULT_OPENAI_CACHE_TTL : openAiCacheTtl;
    }

    /** A sim on a free loopback port with a free admin port, no latency, no faults, any key. */
    public static SimSettings defaults(String name) {
        return new SimSettings(name, DEFAULT_HOST, 0, 0, DEFAULT_SEED, Latency.NONE, List.of(), Faults.NONE, Faults.NONE,
                DEFAULT_CACHE_MIN_TOKENS, DEFAULT_OPENAI_CACHE_TTL);
    }

    public SimSettings withPorts(int providerPort, int adminApiPort) {
        return new SimSettings(name, host, providerPort, adminApiPort, seed, latency, acceptedKeys, openAiFaults,
                anthropicFaults, cacheMinTokens, openAiCacheTtl);
    }

    public SimSettings withSeed(long newSeed) {
        return new SimSettings(name, host, port, adminPort, newSeed, latency, acceptedKeys, openAiFaults, anthropicFaults,
                cacheMinTokens, openAiCacheTtl);
    }

    public SimSettings withLatency(Latency newLatency) {
        return new SimSettings(name, host, port, adminPort, seed, newLatency, acceptedKeys, openAiFaults, anthropicFaults,
                cacheMinTokens, openAiCacheTtl);
    }

    public SimSettings withAcceptedKeys(List<String> keys) {
        return new SimSettings(name, host, port, adminPort, seed, latency, keys, openAiFaults, anthropicFaults,
                cacheMinTokens, openAiCacheTtl);
    }

    /** The same faults for both protocols. */
    public SimSettings withFaults(Faults faults) {
        return new SimSettings(name, host, port, adminPort, seed, latency, acceptedKeys, faults, faults, cacheMinTokens,
                openAiCacheTtl);
    }

    public SimSettings withFaults(Protocol protocol, Faults faults) {
        return new SimSettings(name, host, port, adminPort, seed, latency, acceptedKeys,
                protocol == Protocol.OPENAI ? faults : openAiFaults, protocol == Protocol.ANTHROPIC ? faults : anthropicFaults,
                cacheMinTokens, openAiCacheTtl);
    }

    public SimSettings withCacheMinTokens(int tokens) {
        return new SimSettings(name, host, port, adminPort, seed, latency, acceptedKeys, openAiFaults, anthropicFaults,
                tokens, openAiCacheTtl);
    }

    /** Keys are secrets even in a simulator: the string form counts them. */
    @Override
    public String toString() {
        return "SimSettings[name=" + name + ", host=" + host + ", port=" + port + ", adminPort=" + adminPort + ", seed=" + seed
                + ", latency=" + latency + ", acceptedKeys=" + acceptedKeys.size() + ", openAiFaults=" + openAiFaults
                + ", anthropicFaults=" + anthropicFaults + ", cacheMinTokens=" + cacheMinTokens + "]";
    }
}
