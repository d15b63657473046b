package dev.keel.sim;

import dev.keel.sim.internal.AdminApi;
import dev.keel.sim.internal.SimEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.Objects;

/**
 * One simulated LLM provider on loopback. It serves OpenAI {@code POST /v1/chat/completions} and
 * Anthropic {@code POST /v1/messages} on one port, byte-faithfully enough for the official SDKs, with
 * seeded output, realistic latency and usage (prompt caching included), and faults switchable at run
 * time from this API or the admin HTTP API on a separate port (provider-sim/README.md).
 *
 * <p>Thread-safe. Lifecycle: {@link #start} binds both ports and serves on virtual threads until
 * {@link #close()}, which resets open connections and frees the ports.
 */
public final class ProviderSim implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProviderSim.class);

    private final SimEngine engine;
    private final AdminApi admin;

    private ProviderSim(SimEngine engine, AdminApi admin) {
        this.engine = engine;
        this.admin = admin;
    }

    public static ProviderSim start(SimSettings settings) {
        return start(settings, InstantSource.system());
    }

    /** @param clock drives prompt-cache TTLs and {@code created} timestamps (latency is real time) */
    public static ProviderSim start(SimSettings settings, InstantSource clock) {
        Objects.requireNonNull(settings, "settings");
        SimEngine engine = null;
        try {
            engine = SimEngine.start(settings, clock);
            AdminApi admin = settings.adminPort() == SimSettings.NO_ADMIN ? null
                    : AdminApi.start(engine, settings.host(), settings.adminPort());
            ProviderSim sim = new ProviderSim(engine, admin);
            LOGGER.info("provider-sim started name={} openai={} anthropic={} admin={} seed={}", settings.name(),
                    sim.openAiBaseUrl(), sim.anthropicBaseUrl(), admin == null ? "none" : admin.url(), settings.seed());
            return sim;
        } catch (IOException e) {
            if (engine != null) {
                engine.close();
            }
            throw new UncheckedIOException("provider-sim " + settings.name() + " could not bind its ports", e);
        }
    }

    public String name() {
        return engine.settings().name();
    }

    public int port() {
        return engine.port();
    }

    /** The base URL for OpenAI clients, ending in {@code /v1}. */
    public URI openAiBaseUrl() {
        return URI.create("http://" + engine.settings().host() + ":" + engine.port() + "/v1");
    }

    /** The base URL for Anthropic clients (they append {@code /v1/messages}). */
    public URI anthropicBaseUrl() {
        return URI.create("http://" + engine.settings().host() + ":" + engine.port());
    }

    /** The admin API's base URL ({@code .../admin}), or null when started without one. */
    public URI adminUrl() {
        return admin == null ? null : admin.url();
    }

    public Faults faults(Protocol protocol) {
        return engine.faults(protocol);
    }

    /** The same faults for both protocols. */
    public void setFaults(Faults faults) {
        engine.setFaults(null, Objects.requireNonNull(faults, "faults"));
    }

    public void setFaults(Protocol protocol, Faults faults) {
        engine.setFaults(Objects.requireNonNull(protocol, "protocol"), Objects.requireNonNull(faults, "faults"));
    }

    public Latency latency() {
        return engine.latency();
    }

    public void setLatency(Latency latency) {
        engine.setLatency(Objects.requireNonNull(latency, "latency"));
    }

    /** Full outage: true closes the provider port (connections refused, open ones reset); false reopens the same port. */
    public void outage(boolean down) {
        try {
            engine.outage(down);
        } catch (IOException e) {
            throw new UncheckedIOException("provider-sim " + name() + " could not reopen port " + port(), e);
        }
    }

    public boolean isDown() {
        return engine.isDown();
    }

    /** Every key in use gets 401 from now on (a revoked key). */
    public void revokeKeys() {
        engine.revokeKeys();
    }

    /** Accepts {@code key} from now on (a rotated key); {@code replace} drops every other key. */
    public void acceptKey(String key, boolean replace) {
        engine.acceptKey(Objects.requireNonNull(key, "key"), replace);
    }

    /** Back to the start settings: faults, latency, keys, caches; reopens the port after an outage. */
    public void reset() {
        try {
            engine.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("provider-sim " + name() + " could not reopen port " + port(), e);
        }
    }

    public SimStats stats() {
        return engine.stats();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        engine.close();
    }
}
