package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** One way to make an over-budget request fit, tried in the configured order. */
public enum DegradeStep {
    /** Keep the system block and the latest user turn, drop the oldest turns, then trim the middle. */
    TRUNCATE_CONTEXT("truncate-context"),
    /** Switch to the provider's {@code cheaper-model}. */
    CHEAPER_MODEL("cheaper-model"),
    /** Answer from the response cache, even a stale entry. */
    CACHED_RESPONSE("cached-response");

    private final String id;

    DegradeStep(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
