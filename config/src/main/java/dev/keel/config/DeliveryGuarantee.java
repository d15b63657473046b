package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a router worker promises about results ({@code worker.delivery}). */
public enum DeliveryGuarantee {
    /**
     * Results (and {@code reply_to} copies) and the consumed offsets are written in one Kafka
     * transaction: a {@code read_committed} consumer sees exactly one result per request, through
     * crashes and rebalances. Results become visible when the transaction commits (every
     * {@code commit-interval}).
     */
    EXACTLY_ONCE("exactly-once"),
    /**
     * Each result is published as soon as it is ready and offsets are committed afterwards: nothing is
     * lost, but a crash can publish a result twice (bounded by what was in flight).
     */
    AT_LEAST_ONCE("at-least-once");

    private final String id;

    DeliveryGuarantee(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
