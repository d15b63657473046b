package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.gateway.KeelGateway;
import dev.keel.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code keel gateway}: the OpenAI-compatible endpoint and the web console against a running stack,
 * until Ctrl-C (which drains waiting calls for {@code gateway.shutdown-grace}).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Serve the OpenAI-compatible endpoint (/v1/chat/completions, /v1/models) and the web console (/console/).",
                "Apps call it with an API key from gateway.keys or gateway.keys-file; the key picks the tenant."},
        subcommands = GatewayCommand.HashKey.class)
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: gateway.port, 8080)")
    Integer port;

    @Option(names = "--keys-file", paramLabel = "FILE", description = "API keys, one '<tenant> sha256:<hex> [label]' a line (default: gateway.keys-file)")
    String keysFile;

    @Option(names = "--slo-status-url", paramLabel = "URL", description = "The SLO app's status endpoint for the console (default: from slo:)")
    String sloStatusUrl;

    @Option(names = "--create-topics", negatable = true, defaultValue = "true",
            description = "Create missing Keel topics at start (default: ${DEFAULT-VALUE})")
    boolean createTopics;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.loadForRunningStack("gateway");
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new UserError("--port: must be 0..65535");
            }
            config = config.withGateway(config.gateway().withPort(port));
        }
        if (keysFile != null) {
            if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(keysFile))) {
                throw new UserError("--keys-file: cannot read " + keysFile);
            }
            config = config.withGateway(config.gateway().withKeys(keysFile, config.gateway().keys()));
        }
        if (sloStatusUrl != null) {
            if (!sloStatusUrl.startsWith("http://") && !sloStatusUrl.startsWith("https://")) {
                throw new UserError("--slo-status-url: must start with http:// or https://");
            }
            config = config.withGateway(config.gateway().withSloStatusUrl(sloStatusUrl));
        }
        KafkaClients clients = KafkaAccess.clients(config);
        if (createTopics) {
            clients.ensureTopics(config.topics());
        } else {
            KafkaAccess.requireTopic(clients, config.topics().requests());
        }
        KeelGateway gateway;
        try {
            gateway = KeelGateway.start(config);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        spec.commandLine().getOut().printf("keel gateway: %s/v1 (OpenAI-compatible), console %s/console/, replies on %s; Ctrl-C stops it.%n",
                gateway.uri(), gateway.uri(), gateway.replyTopic());
        spec.commandLine().getOut().flush();
        UntilStopped.await(gateway);
        return ExitCodes.OK;
    }

    /** {@code keel gateway hash-key}: the line to put in a keys file, from a key read on stdin (never an argument: shells keep history). */
    @Command(name = "hash-key", mixinStandardHelpOptions = true,
            description = "Read an API key from stdin and print its keys-file line: <tenant> sha256:<hex> [label].")
    static final class HashKey implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The tenant the key is charged to")
        String tenant;

        @Option(names = "--label", paramLabel = "LABEL", description = "A name for people (shown in logs)")
        String label;

        @Override
        public Integer call() throws Exception {
            if (!tenant.matches("[A-Za-z0-9._:-]{1,100}")) {
                throw new UserError("--tenant: 1 to 100 of letters, digits, '.', '_', ':' or '-'");
            }
            String key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (key == null || key.isBlank()) {
                throw new UserError("stdin: no key (pipe one in: printf %s \"$KEY\" | keel gateway hash-key --tenant T)");
            }
            spec.commandLine().getOut().println(tenant + " sha256:" + KeelGateway.keyDigest(key.strip()) + (label == null ? "" : " " + label));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
