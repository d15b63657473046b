package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.ControlCommand;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * {@code keel control}: runtime switches on the compacted control topic. Every worker applies a
 * command within a second. API keys never travel on Kafka: a key change names an environment
 * variable or file the workers read.
 */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = "Flip runtime switches on every worker (keel.control topic).",
        subcommands = {ControlCommandCli.Bypass.class, ControlCommandCli.Provider.class, ControlCommandCli.ApiKey.class})
final class ControlCommandCli implements Runnable {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (bypass, provider, api-key)");
    }

    static int publish(ConfigOptions options, CommandSpec spec, String setting, String value, String shown) throws InterruptedException {
        KeelConfig config = options.loadForRunningStack("control");
        KafkaClients clients = KafkaAccess.clients(config);
        KeelTopics topics = KeelTopics.from(config.topics());
        KafkaAccess.requireTopic(clients, topics.control().name());
        ControlCommand command = new ControlCommand(setting, value, issuer(), System.currentTimeMillis());
        try (var producer = clients.bytesProducer("keel-control")) {
            producer.send(topics.control().serialized(setting, command)).get();
        } catch (ExecutionException e) {
            throw new UserError("Kafka refused the command: " + e.getCause().getMessage(), ExitCodes.FAILED);
        }
        spec.commandLine().getOut().println(setting + " = " + shown + " (published to " + topics.control().name()
                + "; workers apply it within a second)");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static String issuer() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return user;
        }
    }

    enum OnOff { on, off }

    @Command(name = "bypass", mixinStandardHelpOptions = true,
            description = "Send every request straight to the primary (on) or back through Keel's routing (off).")
    static final class Bypass implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @ParentCommand
        ControlCommandCli parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "on|off", description = "${COMPLETION-CANDIDATES}")
        OnOff state;

        @Override
        public Integer call() throws Exception {
            return publish(options.orElse(parent.options), spec, "bypass", String.valueOf(state == OnOff.on), state.name());
        }
    }

    enum ProviderAction { disable, enable }

    @Command(name = "provider", mixinStandardHelpOptions = true, description = "Disable or enable a provider on every worker.")
    static final class Provider implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @ParentCommand
        ControlCommandCli parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "disable|enable", description = "${COMPLETION-CANDIDATES}")
        ProviderAction action;
        @Parameters(index = "1", paramLabel = "NAME", description = "primary or secondary")
        String name;

        @Override
        public Integer call() throws Exception {
            requireProviderName(name);
            boolean disabled = action == ProviderAction.disable;
            return publish(options.orElse(parent.options), spec, "provider." + name + ".disabled", String.valueOf(disabled), disabled ? "disabled" : "enabled");
        }
    }

    @Command(name = "api-key", mixinStandardHelpOptions = true,
            description = {"Change the API key workers use for a provider. The key itself never goes on Kafka:",
                    "name an environment variable or a file every worker can read, revoke it, or reset to the config."})
    static final class ApiKey implements Callable<Integer> {
        @Mixin
        ConfigOptions options;
        @ParentCommand
        ControlCommandCli parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "primary or secondary")
        String name;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--from-env", paramLabel = "VAR", description = "Workers read the key from this environment variable")
            String env;
            @Option(names = "--from-file", paramLabel = "PATH", description = "Workers read the key from this file")
            String file;
            @Option(names = "--revoke", description = "Workers send no valid key (the provider fails over and cools down)")
            boolean revoke;
            @Option(names = "--reset", description = "Back to the key of the config")
            boolean reset;
        }

        @Override
        public Integer call() throws Exception {
            requireProviderName(name);
            String setting = "provider." + name + ".api_key";
            if (source.env != null) {
                return publish(options.orElse(parent.options), spec, setting, "env:" + source.env, "from env:" + source.env);
            }
            if (source.file != null) {
                return publish(options.orElse(parent.options), spec, setting, "file:" + source.file, "from file:" + source.file);
            }
            return source.revoke ? publish(options.orElse(parent.options), spec, setting, "revoked", "revoked")
                    : publish(options.orElse(parent.options), spec, setting, null, "the configured key");
        }
    }

    private static void requireProviderName(String name) {
        if (!name.equals("primary") && !name.equals("secondary")) {
            throw new UserError("NAME: expected primary or secondary, got '" + name + "'");
        }
    }
}
