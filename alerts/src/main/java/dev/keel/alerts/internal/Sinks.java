package dev.keel.alerts.internal;

import dev.keel.alerts.Sink;
import dev.keel.alerts.WebhookSignature;
import dev.keel.config.AlertSinkConfig;
import dev.keel.config.AlertsConfig;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds the configured sinks. Stateless. */
public final class Sinks {

    private Sinks() {
    }

    public static Sink create(String name, AlertSinkConfig c, AlertsConfig alerts, HttpClient http, PrintWriter console, Clock clock) {
        if (c.kind() == dev.keel.config.AlertSinkKind.CONSOLE) {
            return new ConsoleSink(name, console);
        }
        Redactor redactor = new Redactor(java.util.stream.Stream.of(c.url(), c.routingKey(), c.hmacKey()).filter(java.util.Objects::nonNull).toList());
        HttpJsonSender sender = new HttpJsonSender(http, URI.create(c.url().reveal().strip()), c.requestTimeout(), redactor, clock);
        return switch (c.kind()) {
            case PAGERDUTY -> new PagerDutySink(name, c, sender, alerts.runbookBaseUrl());
            case SLACK -> new SlackSink(name, sender, alerts.runbookBaseUrl());
            case WEBHOOK -> new WebhookSink(name, sender, new WebhookSignature(c.hmacKey()), clock);
            case CONSOLE -> throw new IllegalStateException("handled above");
        };
    }

    public static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static List<String> names(AlertsConfig alerts) {
        return List.copyOf(alerts.sinks().keySet());
    }
}
