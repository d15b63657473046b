package dev.keel.cli.drill;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/** {@code keel drill start}: opens a drill and records the SLI baseline from the status endpoint. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a drill: records the start time and a baseline of the SLIs from the status endpoint.")
final class DrillStartCommand implements Callable<Integer> {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("'drill-'yyyyMMdd'-'HHmm").withZone(ZoneOffset.UTC);

    @Mixin
    dev.keel.cli.ConfigOptions options;
    @ParentCommand
    DrillCommand parent;
    @Spec
    CommandSpec spec;

    @Option(names = "--status-url", paramLabel = "URL",
            description = "SLO status endpoint for the baseline (default: http://<slo.status-host>:<slo.status-port>)")
    URI statusUrl;

    @Option(names = "--name", paramLabel = "ID", description = "drill id (default: drill-<yyyyMMdd-HHmm> UTC)")
    String name;

    @Option(names = "--note", paramLabel = "TEXT", description = "what this drill exercises (default: primary key revoked)")
    String note;

    @Override
    public Integer call() {
        KeelConfig config = options.orElse(parent.options()).loadForRunningStack("drill start");
        if (name != null && !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new UserError("--name: letters, digits, '.', '_' and '-' only, up to 100");
        }
        URI url = Baselines.statusUrl(statusUrl, config);
        if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw new UserError("--status-url: expected an http:// URL, got '" + url + "'");
        }
        DrillLog log = DrillLog.open(config);
        log.running().ifPresent(id -> {
            throw new UserError("drill " + id + " is still running: end it first with 'keel drill end'", ExitCodes.FAILED);
        });
        long now = System.currentTimeMillis();
        String id = name != null ? name : ID.format(Instant.ofEpochMilli(now));
        if (log.drills().containsKey(id)) {
            throw new UserError("--name: a drill named " + id + " exists already; pick another", ExitCodes.FAILED);
        }
        DrillBaseline baseline = Baselines.read(url);
        log.append(DrillCommand.event(id, DrillEventKind.START, now, note == null ? "primary key revoked" : note, baseline));
        var out = spec.commandLine().getOut();
        out.println("drill " + id + " started at " + Instant.ofEpochMilli(now) + " by " + DrillCommand.issuer());
        out.println("  " + Baselines.describe(baseline));
        out.println("  next: keel control api-key primary --revoke   (the operator, at T+5)");
        out.flush();
        return ExitCodes.OK;
    }
}
