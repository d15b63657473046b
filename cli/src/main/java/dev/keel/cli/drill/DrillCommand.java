package dev.keel.cli.drill;

import dev.keel.cli.ConfigOptions;
import dev.keel.schemas.DrillBaseline;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.DrillEventKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code keel drill start|mark|end|report}: the Friday drill's clock and scribe sheet on the compacted
 * {@code keel.drills} topic, and its report from what the topics saw. The tools measure, people act:
 * nothing here flips a switch (that is {@code keel control}). See drills/README.md.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"The Friday drill: start (records the start and an SLI baseline), mark (a scribe entry), end,",
                "and report (Markdown: failover time, failed requests, p95 and success against the objectives, budget spent,",
                "time until the primary served again, the timeline, findings). Procedure: drills/README.md."},
        subcommands = {DrillStartCommand.class, DrillMarkCommand.class, DrillEndCommand.class, DrillReportCommand.class,
                DrillLoadCommand.class})
public final class DrillCommand implements Runnable {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (start, mark, end, report)");
    }

    ConfigOptions options() {
        return options;
    }

    static DrillEvent event(String drill, DrillEventKind kind, long at, String note, DrillBaseline baseline) {
        return DrillEvent.newBuilder().setDrillId(drill).setKind(kind).setAt(at).setBy(issuer()).setNote(note).setBaseline(baseline).build();
    }

    static String issuer() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return user;
        }
    }
}
