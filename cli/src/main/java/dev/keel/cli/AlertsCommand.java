package dev.keel.cli;

import dev.keel.alerts.AlertsService;
import dev.keel.alerts.LedgerEntry;
import dev.keel.config.AlertSinkConfig;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keel alerts}: deliver {@code slo.pages} to the sinks of {@code alerts:} until Ctrl-C (alerts/README.md). */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Deliver every FIRING and RESOLVED on slo.pages to the sinks in alerts.sinks of the config "
                + "(PagerDuty Events API v2, Slack incoming webhooks, signed JSON webhooks, the console), each page once per sink.",
                "Runs until Ctrl-C. --undelivered lists the pages a sink gave up on, with the reason, and exits."})
final class AlertsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--console", description = "Also print every page to this terminal (a console sink named 'console')")
    boolean console;

    @Option(names = "--undelivered", description = "List the pages some sink gave up on (from the delivery ledger) and exit")
    boolean undelivered;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.loadForRunningStack("alerts");
        PrintWriter out = spec.commandLine().getOut();
        if (undelivered) {
            return listUndelivered(config, out);
        }
        Map<String, AlertSinkConfig> extra = console ? Map.of("console", AlertSinkConfig.console()) : Map.of();
        if (config.alerts().sinks().isEmpty() && extra.isEmpty()) {
            throw new UserError("no sinks: configure alerts.sinks in the config (see keel.example.yaml), or pass --console");
        }
        if (console && config.alerts().sinks().containsKey("console")) {
            throw new UserError("--console: a sink named 'console' is already configured");
        }
        new KafkaClients(config.kafka()).ensureTopics(config.topics());
        AlertsService service = AlertsService.start(config, AlertsService.Options.defaults(out).withExtra(extra));
        out.printf("keel alerts: reading %s as group %s, delivering to %s; Ctrl-C stops it.%n", config.topics().pages(),
                config.alerts().groupId(), String.join(", ", new java.util.TreeSet<>(concat(config.alerts().sinks().keySet(), extra.keySet()))));
        out.flush();
        UntilStopped.await(service);
        return ExitCodes.OK;
    }

    private static int listUndelivered(KeelConfig config, PrintWriter out) {
        List<LedgerEntry> entries = AlertsService.readLedger(new KafkaClients(config.kafka()), config.alerts().ledgerTopic()).stream()
                .filter(e -> e.outcome() == dev.keel.alerts.DeliveryOutcome.GAVE_UP).toList();
        if (entries.isEmpty()) {
            out.println("keel alerts: every page reached every sink it was routed to (" + config.alerts().ledgerTopic() + ")");
            return ExitCodes.OK;
        }
        out.printf("%-24s %-12s %-40s %-9s %-20s %s%n", "GAVE UP AT", "SINK", "ALERT", "STATE", "EVALUATED AT", "REASON");
        for (LedgerEntry e : entries) {
            out.printf("%-24s %-12s %-40s %-9s %-20s %s%n", Instant.ofEpochMilli(e.at()), e.sink(), e.alertKey(), e.state(),
                    Instant.ofEpochMilli(e.evaluatedAt()), e.reason());
        }
        return ExitCodes.OK;
    }

    private static java.util.Set<String> concat(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
