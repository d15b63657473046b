package dev.keel.router.routing;

import dev.keel.config.ProviderConfig;
import dev.keel.providers.CostModel;
import dev.keel.providers.ProviderReply;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.BudgetLedger;

import java.math.BigDecimal;

/**
 * What a hedge holds: the next provider's cooldown permit and its budget admission (with the reservation).
 * {@link #settle} gives both back exactly once: the permit recorded or released, the reservation settled with
 * the call's cost (zero when the hedge never ran). Confined to the request's thread.
 */
final class HedgeBackup {

    final CooldownPermit permit;
    final Admission.Proceed proceed;
    private final ProviderConfig config;
    private final BudgetLedger ledger;
    BigDecimal cost = BigDecimal.ZERO;
    private boolean settled;

    HedgeBackup(CooldownPermit permit, Admission.Proceed proceed, ProviderConfig config, BudgetLedger ledger) {
        this.permit = permit;
        this.proceed = proceed;
        this.config = config;
        this.ledger = ledger;
    }

    /**
     * @param reply the hedge's reply as recorded (a cancelled one rewritten), or null when it never ran
     * @param heard whether the breaker hears the call; else the permit is released unheard
     */
    void settle(ProviderReply reply, boolean heard) {
        if (settled) {
            return;
        }
        settled = true;
        try {
            if (reply == null) {
                permit.close();
                return;
            }
            cost = CostModel.cost(config.priceOf(proceed.model()), reply.usage(), config.promptCacheTtl());
            if (heard) {
                permit.record(reply.outcome(), reply.latency());
            } else {
                permit.close();
            }
        } finally {
            ledger.settle(proceed.reservation(), cost);
        }
    }
}
