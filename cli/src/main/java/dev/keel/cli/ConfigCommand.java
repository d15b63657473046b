package dev.keel.cli;

import dev.keel.config.ConfigPrinter;
import dev.keel.config.KeelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code keel config check}: validate a config and print it with defaults filled in and secrets masked, followed
 * by the price of every configured model and where it comes from (the config or the built-in table).
 */
@Command(name = "config", description = "Work with keel.yaml.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "config: missing subcommand (check)");
    }

    @Command(name = "check", description = "Validate a config file and print the effective config (secrets masked).")
    static final class Check implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            KeelConfig config = options.load();
            String source = options.configFile != null ? options.configFile.toString()
                    : System.getenv("KEEL_CONFIG") != null ? System.getenv("KEEL_CONFIG") : "embedded defaults";
            spec.commandLine().getOut().println("# " + source + ": OK");
            spec.commandLine().getOut().print(ConfigPrinter.toYaml(config));
            spec.commandLine().getOut().print(ConfigPrinter.pricesInForce(config));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
