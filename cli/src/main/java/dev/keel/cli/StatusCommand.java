package dev.keel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.slo.StatusSnapshot;
import dev.keel.slo.StatusTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code keel status}: asks the SLO app's status endpoint ({@code GET <url>/status}) and prints per
 * scope the SLIs over 5m / 1h / 30d, the error budget left, burn rates and the active alerts.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show SLIs, error budget, burn rates and active alerts from a running SLO app, and each worker's bypass and cooldown state (with --bootstrap-servers).")
final class StatusCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Mixin
    ConfigOptions options;

    @Option(names = "--url", paramLabel = "URL",
            description = "status endpoint of the SLO app (default: http://<slo.status-host>:<slo.status-port> of the config)")
    URI url;

    @Option(names = "--json", description = "print the raw JSON instead of the table")
    boolean json;

    @Option(names = "--scope", paramLabel = "PREFIX", description = "only scopes starting with PREFIX (e.g. global, tenant:, provider:primary)")
    String scope;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeelConfig config = options.load();
        URI base = url != null ? url : defaultUrl(config);
        if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
            throw new UserError("--url: expected an http:// URL, got '" + base + "'");
        }
        String body = fetch(URI.create(stripSlash(base.toString()) + "/status"));
        if (json) {
            spec.commandLine().getOut().println(body);
        } else {
            try {
                StatusSnapshot snapshot = StatusSnapshot.JSON.readValue(body, StatusSnapshot.class);
                spec.commandLine().getOut().print(StatusTable.render(scope == null ? snapshot : only(snapshot, scope)));
            } catch (JsonProcessingException e) {
                throw new UserError(base + " did not answer with an SLO status (" + e.getOriginalMessage() + ")", ExitCodes.FAILED);
            }
            spec.commandLine().getOut().print(workers(config));
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The workers section, when Kafka is known (--bootstrap-servers or the config); a note otherwise. */
    private static String workers(KeelConfig config) {
        if (config.kafka().isEmbedded()) {
            return "\nWORKERS: pass --bootstrap-servers to see each worker's bypass, in-flight and cooldown state\n";
        }
        try {
            KafkaClients kafka = KafkaAccess.clients(config);
            KeelTopics topics = KeelTopics.from(config.topics());
            KafkaAccess.requireTopic(kafka, topics.workers().name());
            return WorkersTable.render(WorkersTable.read(kafka, topics), System.currentTimeMillis());
        } catch (UserError e) {
            return "\nWORKERS: " + e.getMessage() + "\n";
        }
    }

    private static StatusSnapshot only(StatusSnapshot s, String prefix) {
        return new StatusSnapshot(s.generatedAt(), s.evaluatedThrough(),
                s.scopes().stream().filter(x -> x.scope().startsWith(prefix)).toList(),
                s.alerts().stream().filter(a -> a.scope().startsWith(prefix)).toList(), s.counters());
    }

    private static URI defaultUrl(KeelConfig config) {
        return URI.create("http://" + config.slo().statusHost() + ":" + config.slo().statusPort());
    }

    private static String fetch(URI uri) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserError("no SLO app answers at " + uri + " (start one with 'keel up' or 'keel slo', or pass --url)", ExitCodes.FAILED);
        } catch (HttpTimeoutException e) {
            throw new UserError("the SLO app at " + uri + " did not answer within " + TIMEOUT.toSeconds() + " s", ExitCodes.FAILED);
        } catch (IOException e) {
            throw new UserError("cannot reach " + uri + ": " + e.getMessage(), ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", ExitCodes.FAILED);
        }
        if (response.statusCode() == 503) {
            throw new UserError("SLO status not available yet: " + errorOf(response.body()), ExitCodes.FAILED);
        }
        if (response.statusCode() != 200) {
            throw new UserError(uri + " answered HTTP " + response.statusCode(), ExitCodes.FAILED);
        }
        return response.body();
    }

    private static String errorOf(String body) {
        try {
            JsonNode node = StatusSnapshot.JSON.readTree(body);
            return node.path("error").asText(body);
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
