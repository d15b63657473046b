package dev.keel.cli;

import picocli.CommandLine;

/** Entry point of the {@code keel} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return KeelCommand.commandLine().execute(args);
    }
}
