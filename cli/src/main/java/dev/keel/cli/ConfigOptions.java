package dev.keel.cli;

import dev.keel.config.ConfigException;
import dev.keel.config.ConfigLoader;
import dev.keel.config.KeelConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config} and {@code --bootstrap-servers}, shared by every command that talks to Kafka. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "keel.yaml to read (default: $KEEL_CONFIG, else embedded defaults)")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers; overrides kafka.bootstrap.servers of the config")
    String bootstrapServers;

    /**
     * These options, completed from a parent command's where not given here, so
     * {@code keel control --bootstrap-servers X bypass on} and {@code keel control bypass on --bootstrap-servers X}
     * mean the same.
     */
    public ConfigOptions orElse(ConfigOptions parent) {
        ConfigOptions merged = new ConfigOptions();
        merged.configFile = configFile != null ? configFile : parent.configFile;
        merged.bootstrapServers = bootstrapServers != null ? bootstrapServers : parent.bootstrapServers;
        return merged;
    }

    /** The effective config; a bad file becomes a {@link UserError} naming the key and line. */
    public KeelConfig load() {
        KeelConfig config;
        try {
            config = ConfigLoader.fromEnvironment().resolve(configFile);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        if (bootstrapServers != null) {
            if (bootstrapServers.isBlank()) {
                throw new UserError("--bootstrap-servers: must not be empty");
            }
            config = config.withKafka(config.kafka().withBootstrapServers(bootstrapServers.strip()));
        }
        return config;
    }

    /** The config of a command that needs a running broker, refusing {@code embedded}. */
    public KeelConfig loadForRunningStack(String command) {
        KeelConfig config = load();
        if (config.kafka().isEmbedded()) {
            throw new UserError(command + ": needs a running stack: pass --bootstrap-servers HOST:PORT "
                    + "(printed by 'keel up') or set kafka.bootstrap.servers");
        }
        return config;
    }
}
