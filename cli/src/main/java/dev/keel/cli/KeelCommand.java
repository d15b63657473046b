package dev.keel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code keel} root command. Subcommands are one class each; every one has {@code --help},
 * reads {@code --config} (or {@code KEEL_CONFIG}) and exits non-zero with a one-line reason on bad
 * input ({@link ExitCodes}).
 */
@Command(name = "keel", mixinStandardHelpOptions = true, versionProvider = KeelCommand.Version.class,
        description = "Keel: two LLM providers behind one Kafka topic, with failover, budgets, cache and SLOs.",
        subcommands = {
                dev.keel.cli.demo.DemoCommand.class,
                UpCommand.class,
                WorkerCommand.class,
                SloCommand.class,
                SendCommand.class,
                GatewayCommand.class,
                TailCommand.class,
                ReplayCommand.class,
                ControlCommandCli.class,
                ConfigCommand.class,
                SimCommand.class,
                StatusCommand.class,
                AlertsCommand.class,
                ReportCommand.class,
                ExportCommand.class,
                dev.keel.cli.drill.DrillCommand.class,
                dev.keel.cli.batch.BatchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class KeelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with Keel's error handling: one line per problem, no stack traces for user errors. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KeelCommand());
        cli.setParameterExceptionHandler(KeelCommand::onBadArguments);
        cli.setExecutionExceptionHandler(KeelCommand::onFailure);
        return cli;
    }

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName().equals("keel") ? "keel: " + e.getMessage()
                : "keel " + qualifiedName(cmd) + ": " + e.getMessage());
        err.println("(see: keel " + qualifiedName(cmd) + (qualifiedName(cmd).isEmpty() ? "" : " ") + "--help)");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UserError user) {
            err.println("keel " + qualifiedName(cmd) + ": " + user.getMessage());
            err.flush();
            return user.exitCode();
        }
        err.println("keel " + qualifiedName(cmd) + ": failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
        if (Boolean.getBoolean("keel.debug") || System.getenv("KEEL_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set KEEL_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        return name.startsWith("keel") ? name.substring(4).strip() : name;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = KeelCommand.class.getPackage().getImplementationVersion();
            return new String[]{"keel " + (version == null ? "development build" : version)};
        }
    }
}
