package dev.keel.cli.batch;

import dev.keel.cli.KeelCommand;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a keel command line in this JVM and captures what it printed. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KeelCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
