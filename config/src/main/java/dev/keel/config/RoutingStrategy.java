package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the router picks the first provider for a request. */
public enum RoutingStrategy {
    /** Primary first, secondary only on failure. */
    ORDERED("ordered"),
    /** Shuffle by weight (9:1 by default), the other provider on failure. */
    WEIGHTED("weighted");

    private final String id;

    RoutingStrategy(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
