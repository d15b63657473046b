package dev.keel.cli.drill;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.DrillEventKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keel drill report}: reads the topics around a drill and writes {@code <dir>/<drill>.md} and {@code .json}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the drill report (Markdown, plus the numbers as JSON) into the drill log folder.",
                "Default: the running drill, else the latest one."})
final class DrillReportCommand implements Callable<Integer> {

    @Mixin
    dev.keel.cli.ConfigOptions options;
    @ParentCommand
    DrillCommand parent;
    @Spec
    CommandSpec spec;

    @Option(names = "--drill", paramLabel = "ID", description = "the drill (default: the running one, else the latest)")
    String drill;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "drills/log",
            description = "drill log folder (default: ${DEFAULT-VALUE}, created when missing)")
    Path dir;

    @Option(names = "--print", description = "also print the Markdown")
    boolean print;

    @Override
    public Integer call() throws IOException {
        KeelConfig config = options.orElse(parent.options()).loadForRunningStack("drill report");
        DrillLog log = DrillLog.open(config);
        Map<String, List<DrillEvent>> drills = log.drills();
        String id = drill != null ? drill : log.running().orElseGet(() -> latest(drills));
        List<DrillEvent> entries = drills.get(id);
        if (entries == null) {
            throw new UserError("--drill: no drill named " + id + " on " + config.topics().drills());
        }
        if (entries.stream().noneMatch(e -> e.getKind() == DrillEventKind.START)) {
            throw new UserError("drill " + id + " has no start entry on " + config.topics().drills(), ExitCodes.FAILED);
        }
        DrillFacts facts = FactsReader.read(log.clients(), KeelTopics.from(config.topics()), id, entries, System.currentTimeMillis());
        DrillReport report = DrillAnalysis.analyze(facts, config.slo().objectives(), config.routing().cooldown().openFor());
        String markdown = MarkdownReport.render(report);
        Files.createDirectories(dir);
        Path md = dir.resolve(id + ".md");
        Files.writeString(md, markdown);
        Files.writeString(dir.resolve(id + ".json"), DrillReport.JSON.writeValueAsString(report));
        var out = spec.commandLine().getOut();
        if (print) {
            out.print(markdown);
        }
        out.println("report written: " + md + " (and " + id + ".json)" + (report.endedAt() == null ? " — the drill is still running" : ""));
        out.println("  failover " + (report.failoverMs() == null ? "not seen" : report.failoverMs() + " ms") + ", failed requests "
                + report.requests().failed() + ", findings " + report.findings().size());
        out.flush();
        return ExitCodes.OK;
    }

    private static String latest(Map<String, List<DrillEvent>> drills) {
        if (drills.isEmpty()) {
            throw new UserError("no drill on the drills topic yet (start one with 'keel drill start')", ExitCodes.FAILED);
        }
        return drills.entrySet().stream().max(java.util.Comparator.comparingLong(e -> e.getValue().getFirst().getAt()))
                .orElseThrow().getKey();
    }
}
