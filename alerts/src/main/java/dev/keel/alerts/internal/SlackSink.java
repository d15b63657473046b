package dev.keel.alerts.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.alerts.SendOutcome;
import dev.keel.alerts.Sink;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A Slack incoming webhook: {@code text} (the notification and fallback line) plus {@code blocks}
 * (rule, scope, observed vs. threshold, since when, runbook; a RESOLVED says how long it lasted).
 * Slack answers 200 with the body {@code ok}; 429 carries {@code Retry-After}, which the retry loop
 * honours; other 4xx ({@code invalid_payload}, {@code no_service}, {@code channel_is_archived}) are final.
 */
public final class SlackSink implements Sink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpJsonSender http;
    private final String runbookBaseUrl;

    SlackSink(String name, HttpJsonSender http, String runbookBaseUrl) {
        this.name = name;
        this.http = http;
        this.runbookBaseUrl = runbookBaseUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendOutcome send(PageEvent page) {
        return http.post(body(page), Map.of(), SlackSink::classify);
    }

    static SendOutcome classify(int status, String body, Optional<Duration> retryAfter) {
        if (status == 200 && body.strip().equals("ok")) {
            return new SendOutcome.Accepted(status);
        }
        return HttpJsonSender.notAccepted(status, body, retryAfter, ": " + (body.isEmpty() ? "no body" : body));
    }

    String body(PageEvent page) {
        boolean firing = page.getState() == AlertState.FIRING;
        ObjectNode message = JSON.createObjectNode();
        message.put("text", PageText.headline(page));
        ArrayNode blocks = message.putArray("blocks");
        String title = (firing ? ":rotating_light: FIRING " : ":white_check_mark: RESOLVED ") + page.getSeverity() + ": "
                + page.getRule() + " on " + page.getScope();
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", title);
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", escape(page.getSummary()));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Rule", page.getRule());
        field(fields, "Scope", page.getScope());
        field(fields, "Observed", PageText.value(page.getRule(), page.getObserved()));
        field(fields, "Threshold", PageText.value(page.getRule(), page.getThreshold()));
        field(fields, firing ? "Since" : "Started", PageText.time(page.getStartedAt()));
        if (firing) {
            field(fields, "Window / for", page.getWindow() + " / " + page.getFor$());
        } else {
            field(fields, "Lasted", PageText.duration(PageText.lasted(page)) + " (resolved " + PageText.time(page.getEvaluatedAt()) + ")");
        }
        String runbook = PageText.runbookLink(runbookBaseUrl, page.getRunbook());
        String link = runbook.startsWith("http://") || runbook.startsWith("https://") ? "<" + runbook + "|Runbook>" : "Runbook: `" + runbook + "`";
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", link);
        return message.toString();
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + escape(value));
    }

    /** Slack's mrkdwn control characters. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
