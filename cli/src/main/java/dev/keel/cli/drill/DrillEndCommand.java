package dev.keel.cli.drill;

import dev.keel.cli.ExitCodes;
import dev.keel.config.KeelConfig;
import dev.keel.schemas.DrillBaseline;
import dev.keel.schemas.DrillEventKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code keel drill end}: closes the running drill and records the SLIs as they are now. */
@Command(name = "end", mixinStandardHelpOptions = true, description = "End the running drill (records the SLIs at the end).")
final class DrillEndCommand implements Callable<Integer> {

    @Mixin
    dev.keel.cli.ConfigOptions options;
    @ParentCommand
    DrillCommand parent;
    @Spec
    CommandSpec spec;

    @Option(names = "--status-url", paramLabel = "URL", description = "SLO status endpoint (default: from the config)")
    URI statusUrl;

    @Option(names = "--note", paramLabel = "TEXT", description = "closing note")
    String note;

    @Override
    public Integer call() {
        KeelConfig config = options.orElse(parent.options()).loadForRunningStack("drill end");
        DrillLog log = DrillLog.open(config);
        String id = log.target(null);
        DrillBaseline after = Baselines.read(Baselines.statusUrl(statusUrl, config));
        long now = System.currentTimeMillis();
        log.append(DrillCommand.event(id, DrillEventKind.END, now, note, after));
        var out = spec.commandLine().getOut();
        out.println("drill " + id + " ended at " + Instant.ofEpochMilli(now));
        out.println("  " + Baselines.describe(after).replace("baseline", "now"));
        out.println("  next: keel drill report   (writes drills/log/" + id + ".md)");
        out.flush();
        return ExitCodes.OK;
    }
}
