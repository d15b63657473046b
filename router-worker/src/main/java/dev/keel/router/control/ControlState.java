package dev.keel.router.control;

import dev.keel.config.Secret;
import dev.keel.schemas.ControlCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The runtime switches of one worker, as set on the compacted {@code keel.control} topic. Read on
 * every request (volatile and concurrent maps), written by the {@link ControlListener} thread.
 *
 * <p>API keys never travel on Kafka: a {@code provider.<name>.api_key} value is a reference the
 * worker resolves locally ({@code env:VAR} or {@code file:PATH}), or {@code revoked} (send no valid
 * key: what the failover drill uses to take the primary out). A tombstone or an empty value reverts
 * a setting to the config.
 */
public final class ControlState {

    private static final Logger LOGGER = LoggerFactory.getLogger(ControlState.class);
    /** The key a worker sends for a provider whose key was revoked through the control topic. */
    public static final Secret REVOKED_KEY = Secret.of("revoked-by-keel-control");

    private final boolean bypassDefault;
    private final Set<String> providers;
    private final Function<String, String> env;
    private final Clock clock;
    private final Map<String, Secret> apiKeys = new ConcurrentHashMap<>();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private volatile boolean bypass;
    private volatile long lastApplyLagMs = -1;

    /** The outcome of applying one command; {@code Refused} carries a reason fit for a log line. */
    public sealed interface Applied {
        record Ok(String setting, String shownValue) implements Applied {
        }

        record Refused(String setting, String reason) implements Applied {
        }
    }

    public ControlState(boolean bypassDefault, Set<String> providers, Function<String, String> env, Clock clock) {
        this.bypassDefault = bypassDefault;
        this.bypass = bypassDefault;
        this.providers = Set.copyOf(providers);
        this.env = env;
        this.clock = clock;
    }

    public boolean bypass() {
        return bypass;
    }

    public boolean isDisabled(String provider) {
        return disabled.contains(provider);
    }

    /** The key override for a provider, or null to use the configured key. */
    public Secret apiKeyOverride(String provider) {
        return apiKeys.get(provider);
    }

    /** Milliseconds from {@code issued_at} to applied, of the last command applied live (-1: none yet). */
    public long lastApplyLagMs() {
        return lastApplyLagMs;
    }

    /** Applies a command (value null = tombstone: back to the config). */
    public Applied apply(String key, ControlCommand command) {
        String value = command == null || command.getValue() == null || command.getValue().isBlank() ? null : command.getValue().strip();
        Applied applied = ControlSetting.parse(key)
                .map(setting -> switch (setting) {
                    case ControlSetting.Bypass b -> applyBypass(key, value);
                    case ControlSetting.ProviderApiKey p -> applyApiKey(key, p.provider(), value);
                    case ControlSetting.ProviderDisabled p -> applyDisabled(key, p.provider(), value);
                })
                .orElseGet(() -> new Applied.Refused(String.valueOf(key), "unknown setting"));
        if (command != null && applied instanceof Applied.Ok) {
            lastApplyLagMs = Math.max(0, clock.millis() - command.getIssuedAt());
        }
        return applied;
    }

    private Applied applyBypass(String key, String value) {
        if (value == null) {
            bypass = bypassDefault;
            return new Applied.Ok(key, "default (" + bypassDefault + ")");
        }
        Boolean on = parseBoolean(value);
        if (on == null) {
            return new Applied.Refused(key, "value must be true or false");
        }
        bypass = on;
        return new Applied.Ok(key, String.valueOf(on));
    }

    private Applied applyDisabled(String key, String provider, String value) {
        if (!providers.contains(provider)) {
            return new Applied.Refused(key, "no provider named " + provider);
        }
        Boolean on = value == null ? Boolean.FALSE : parseBoolean(value);
        if (on == null) {
            return new Applied.Refused(key, "value must be true or false");
        }
        if (on) {
            disabled.add(provider);
        } else {
            disabled.remove(provider);
        }
        return new Applied.Ok(key, String.valueOf(on));
    }

    private Applied applyApiKey(String key, String provider, String value) {
        if (!providers.contains(provider)) {
            return new Applied.Refused(key, "no provider named " + provider);
        }
        if (value == null) {
            apiKeys.remove(provider);
            return new Applied.Ok(key, "configured key");
        }
        if (value.equals("revoked")) {
            apiKeys.put(provider, REVOKED_KEY);
            return new Applied.Ok(key, "revoked");
        }
        if (value.startsWith("env:")) {
            String name = value.substring(4);
            String resolved = env.apply(name);
            if (resolved == null || resolved.isBlank()) {
                return new Applied.Refused(key, "environment variable " + name + " is not set on this worker");
            }
            apiKeys.put(provider, Secret.of(resolved));
            return new Applied.Ok(key, "from env:" + name);
        }
        if (value.startsWith("file:")) {
            Path path = Path.of(value.substring(5));
            try {
                apiKeys.put(provider, Secret.of(Files.readString(path).strip()));
                return new Applied.Ok(key, "from file:" + path);
            } catch (IOException e) {
                return new Applied.Refused(key, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        // Never echo the value: an operator may have pasted a raw key by mistake.
        return new Applied.Refused(key, "value must be env:VAR, file:PATH or revoked (keys never travel on Kafka)");
    }

    private static Boolean parseBoolean(String value) {
        return switch (value.toLowerCase()) {
            case "true", "on", "1", "yes" -> Boolean.TRUE;
            case "false", "off", "0", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    void log(Applied applied) {
        switch (applied) {
            case Applied.Ok ok -> LOGGER.info("Control applied setting={} value={} lag_ms={}", ok.setting(), ok.shownValue(), lastApplyLagMs);
            case Applied.Refused refused -> LOGGER.warn("Control refused setting={} reason={}", refused.setting(), refused.reason());
        }
    }
}
