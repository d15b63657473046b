package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where {@code keel alerts} delivers a page (alerts/README.md describes each wire format). */
public enum AlertSinkKind {
    PAGERDUTY("pagerduty"),
    SLACK("slack"),
    WEBHOOK("webhook"),
    CONSOLE("console");

    private final String id;

    AlertSinkKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
