package dev.keel.alerts;

/**
 * One line of the delivery ledger ({@code alerts.ledger-topic}, compacted, keyed
 * {@code sink|alert_key|state|evaluated_at}): how a page ended at one sink. JSON with snake_case names.
 *
 * @param reason   why it was given up (HTTP status and the sink's words, never a secret); empty when delivered
 * @param attempts HTTP calls made
 * @param at       wall clock of the outcome (epoch ms)
 */
public record LedgerEntry(String sink, String pageId, String alertKey, String state, long evaluatedAt, String severity,
                          DeliveryOutcome outcome, String reason, int attempts, long at) {

    public String key() {
        return sink + "|" + pageId;
    }
}
