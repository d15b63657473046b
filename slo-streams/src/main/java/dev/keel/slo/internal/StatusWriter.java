package dev.keel.slo.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.config.SloConfig;
import dev.keel.config.SloObjectives;
import dev.keel.slo.StatusSnapshot;
import dev.keel.slo.StatusSnapshot.ActiveAlert;
import dev.keel.slo.StatusSnapshot.ErrorBudget;
import dev.keel.slo.StatusSnapshot.ScopeStatus;
import dev.keel.slo.StatusSnapshot.Sli;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the status store at each window close: one JSON {@link ScopeStatus} per scope, so the
 * status endpoint answers from one small store (locally or through interactive queries) without
 * recomputing windows. Stream-thread only.
 */
final class StatusWriter {

    private final SloConfig config;
    private final KeyValueStore<String, String> store;

    StatusWriter(SloConfig config, KeyValueStore<String, String> store) {
        this.config = config;
        this.store = store;
    }

    void write(long evaluatedAt, WindowTotals totals, Map<String, Map<Rule, Verdict>> verdicts, AlertTracker alerts) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                String scope = it.next().key;
                if (!verdicts.containsKey(scope)) {
                    stale.add(scope);
                }
            }
        }
        stale.forEach(store::delete);
        verdicts.forEach((scope, byRule) -> {
            ScopeStatus status = scopeStatus(scope, evaluatedAt, totals, byRule, alerts);
            try {
                store.put(scope, StatusSnapshot.JSON.writeValueAsString(status));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("status records always serialize", e);
            }
        });
    }

    private ScopeStatus scopeStatus(String scope, long evaluatedAt, WindowTotals totals, Map<Rule, Verdict> byRule, AlertTracker alerts) {
        SloObjectives o = config.objectivesFor(scope);
        Map<String, Sli> slis = new LinkedHashMap<>();
        for (Duration d : WindowCloser.STATUS_WINDOWS) {
            slis.put(Texts.duration(d), sli(totals.of(scope, d.toMillis()), o));
        }
        Bucket period = totals.of(scope, o.period().toMillis());
        slis.put(Texts.duration(o.period()), sli(period, o));
        double allowed = BudgetRule.allowed(period, o);
        ErrorBudget budget = new ErrorBudget(o.period().toString(), period.served(), period.failures(), allowed,
                allowed - period.failures(), BudgetRule.remainingFraction(period, o));
        Map<String, Double> burn = new LinkedHashMap<>();
        for (Duration d : WindowCloser.BURN_DISPLAY_WINDOWS) {
            burn.put(Texts.duration(d), BurnRateRule.burn(totals.of(scope, d.toMillis()), o));
        }
        List<ActiveAlert> active = new ArrayList<>();
        byRule.forEach((rule, verdict) -> {
            if (alerts.isFiring(rule.name(), scope)) {
                long started = alerts.runStart(rule.name(), scope);
                active.add(new ActiveAlert(AlertTracker.alertKey(rule.name(), scope), rule.name(), rule.severity().name(), scope,
                        verdict.observed(), verdict.threshold(), started, rule.summary(scope, true, verdict, started),
                        AlertTracker.runbook(rule.name())));
            }
        });
        StatusSnapshot.Objectives objectives = new StatusSnapshot.Objectives(o.successRate(), o.latencyTarget().toMillis(),
                o.latencyPercentile(), o.avgCostUsd());
        return new ScopeStatus(scope, evaluatedAt, objectives, slis, budget, burn, active);
    }

    private static Sli sli(Bucket b, SloObjectives o) {
        boolean served = b.served() > 0;
        boolean latency = b.latencySamples() > 0;
        return new Sli(b.count(), b.served(), b.success(), b.rejected(),
                served ? (double) b.success() / b.served() : null,
                latency ? b.quantile(0.50) : null,
                latency ? b.quantile(o.latencyPercentile()) : null,
                latency ? b.quantile(0.99) : null,
                latency ? (double) b.underTarget() / b.latencySamples() : null,
                b.costUsd(), served ? b.costUsd() / b.served() : null, b.cacheHits(), b.failovers());
    }
}
