package dev.keel.providers;

import dev.keel.config.ProviderConfig;
import dev.keel.config.Secret;
import dev.keel.providers.internal.ProviderClientFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/** Creates the {@link ProviderClient} for a configured provider. */
public final class ProviderClients {

    /** TCP connect limit; a call's own TTFT and total deadlines still bound the whole exchange. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ProviderClients() {
    }

    /**
     * @param name   {@code primary} or {@code secondary}
     * @param apiKey read on every call, so a key rotated at run time (control topic) applies to the next
     *               call; null or empty sends no auth header (local OpenAI-compatible servers)
     * @param clock  the source of every timing (TTFT, latency, deadlines)
     */
    public static ProviderClient create(String name, ProviderConfig config, Supplier<Secret> apiKey, InstantSource clock) {
        return create(name, config, apiKey, clock, DEFAULT_CONNECT_TIMEOUT);
    }

    public static ProviderClient create(String name, ProviderConfig config, Supplier<Secret> apiKey, InstantSource clock,
                                        Duration connectTimeout) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clock, "clock");
        return ProviderClientFactory.create(name, config, apiKey, clock, connectTimeout);
    }

    /** A client whose key is the config's own, fixed. */
    public static ProviderClient create(String name, ProviderConfig config, InstantSource clock) {
        Secret key = config.apiKey();
        return create(name, config, () -> key, clock);
    }
}
