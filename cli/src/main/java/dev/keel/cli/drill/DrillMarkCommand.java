package dev.keel.cli.drill;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.config.KeelConfig;
import dev.keel.schemas.DrillEventKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code keel drill mark "note"}: a timestamped scribe entry (or a finding) on the running drill. */
@Command(name = "mark", mixinStandardHelpOptions = true,
        description = "Add a timestamped scribe entry to the running drill (--finding: a finding for the report).")
final class DrillMarkCommand implements Callable<Integer> {

    @Mixin
    dev.keel.cli.ConfigOptions options;
    @ParentCommand
    DrillCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NOTE", description = "what happened, in one line")
    String note;

    @Option(names = "--finding", description = "record it as a finding (something to fix), not only a timeline entry")
    boolean finding;

    @Option(names = "--drill", paramLabel = "ID", description = "the drill (default: the running one)")
    String drill;

    @Override
    public Integer call() {
        if (note.isBlank()) {
            throw new UserError("NOTE: empty");
        }
        KeelConfig config = options.orElse(parent.options()).loadForRunningStack("drill mark");
        DrillLog log = DrillLog.open(config);
        String id = log.target(drill);
        long now = System.currentTimeMillis();
        log.append(DrillCommand.event(id, finding ? DrillEventKind.FINDING : DrillEventKind.MARK, now, note.strip(), null));
        spec.commandLine().getOut().println((finding ? "finding" : "mark") + " recorded on " + id + " at " + Instant.ofEpochMilli(now));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
