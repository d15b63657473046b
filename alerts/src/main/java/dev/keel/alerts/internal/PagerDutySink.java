package dev.keel.alerts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.alerts.SendOutcome;
import dev.keel.alerts.Sink;
import dev.keel.config.AlertSinkConfig;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.Severity;

import java.util.Map;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}). FIRING is a {@code trigger}, RESOLVED a
 * {@code resolve}, both with {@code dedup_key} = {@code alert_key}, so PagerDuty folds a repeated
 * trigger into the open incident and the resolve closes it. 202 is accepted; 400 (invalid event) is
 * refused for good with PagerDuty's reason; 429 and 5xx are retried.
 */
public final class PagerDutySink implements Sink {

    /** PagerDuty's limit on {@code payload.summary}. */
    public static final int MAX_SUMMARY = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final AlertSinkConfig config;
    private final HttpJsonSender http;
    private final String runbookBaseUrl;

    PagerDutySink(String name, AlertSinkConfig config, HttpJsonSender http, String runbookBaseUrl) {
        this.name = name;
        this.config = config;
        this.http = http;
        this.runbookBaseUrl = runbookBaseUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendOutcome send(PageEvent page) {
        return http.post(body(page), Map.of(), PagerDutySink::classify);
    }

    static SendOutcome classify(int status, String body, java.util.Optional<java.time.Duration> retryAfter) {
        if (status / 100 == 2) {
            return new SendOutcome.Accepted(status);
        }
        return HttpJsonSender.notAccepted(status, body, retryAfter, ": " + reason(body));
    }

    /** PagerDuty's 400 body: {@code {"status":"invalid event","message":"...","errors":["..."]}}. */
    private static String reason(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            StringBuilder out = new StringBuilder(node.path("message").asText(""));
            node.path("errors").forEach(e -> out.append(out.isEmpty() ? "" : "; ").append(e.asText()));
            return out.isEmpty() ? body : out.toString();
        } catch (java.io.IOException | RuntimeException e) {
            return body;
        }
    }

    /** The event JSON. Package-private for tests of the exact payload. */
    String body(PageEvent page) {
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", config.routingKey().reveal());
        event.put("dedup_key", page.getAlertKey());
        if (page.getState() == AlertState.RESOLVED) {
            event.put("event_action", "resolve");
            return event.toString();
        }
        event.put("event_action", "trigger");
        ObjectNode payload = event.putObject("payload");
        String summary = page.getSummary().isBlank() ? PageText.headline(page) : page.getSummary();
        payload.put("summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY - 3) + "..." : summary);
        payload.put("source", config.source());
        payload.put("severity", page.getSeverity() == Severity.PAGE ? "critical" : "warning");
        payload.put("timestamp", PageText.iso(page.getEvaluatedAt()));
        payload.put("component", page.getScope());
        payload.put("class", page.getRule());
        ObjectNode details = payload.putObject("custom_details");
        details.put("rule", page.getRule());
        details.put("scope", page.getScope());
        details.put("observed", page.getObserved());
        details.put("threshold", page.getThreshold());
        details.put("observed_text", PageText.value(page.getRule(), page.getObserved()));
        details.put("threshold_text", PageText.value(page.getRule(), page.getThreshold()));
        details.put("window", page.getWindow());
        if (page.getShortWindow() != null) {
            details.put("short_window", page.getShortWindow());
        }
        details.put("hold", page.getFor$());
        details.put("started_at", PageText.iso(page.getStartedAt()));
        details.put("evaluated_at", PageText.iso(page.getEvaluatedAt()));
        String runbook = PageText.runbookLink(runbookBaseUrl, page.getRunbook());
        details.put("runbook", runbook);
        if (runbook.startsWith("http://") || runbook.startsWith("https://")) {
            event.putArray("links").addObject().put("href", runbook).put("text", "Runbook: " + page.getRule());
        }
        return event.toString();
    }
}
