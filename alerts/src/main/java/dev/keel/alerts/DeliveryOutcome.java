package dev.keel.alerts;

/** How a page ended at one sink: the final word, recorded in the delivery ledger. */
public enum DeliveryOutcome {
    /** The sink accepted it. */
    DELIVERED,
    /** Refused for good, out of retry budget, or the sink's queue was full; the reason says which. */
    GAVE_UP
}
