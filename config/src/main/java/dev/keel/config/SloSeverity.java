package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** How loudly an SLO alert calls: a page wakes someone now, a ticket waits for working hours. */
public enum SloSeverity {
    PAGE("page"),
    TICKET("ticket");

    private final String id;

    SloSeverity(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
