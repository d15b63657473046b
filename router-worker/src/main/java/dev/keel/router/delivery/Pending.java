package dev.keel.router.delivery;

/**
 * A finished record's outcome on its way to Kafka: what to publish now (the outcome, or its fallback
 * after repeated refusals) and how often Kafka refused it. Owned by the poll thread.
 */
final class Pending {

    final PartitionLedger ledger;
    final long offset;
    private Outcome.Publish current;
    private int refusals;
    private boolean settled;

    Pending(PartitionLedger ledger, long offset, Outcome.Publish outcome) {
        this.ledger = ledger;
        this.offset = offset;
        this.current = outcome;
    }

    Outcome.Publish current() {
        return current;
    }

    /**
     * Counts a refusal of these records (too large, topic refused them). Returns false when they were
     * refused {@code maxRefusals} times and there is no fallback left: the worker cannot publish this.
     */
    boolean refused(int maxRefusals) {
        refusals++;
        if (refusals < maxRefusals) {
            return true;
        }
        Outcome.Publish fallback = current.fallback() == null ? null : current.fallback().get();
        if (fallback == null) {
            return false;
        }
        current = new Outcome.Publish(current.requestId(), fallback.records(), fallback.fallback(), current.settled());
        refusals = 0;
        return true;
    }

    /** Tells the handler once whether the outcome reached Kafka; later calls are ignored. */
    void settle(boolean delivered) {
        if (!settled) {
            settled = true;
            current.settled().accept(delivered);
        }
    }
}
