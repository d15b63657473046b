package dev.keel.slo.internal;

import dev.keel.config.SloAlerts;
import dev.keel.config.SloConfig;

import java.util.ArrayList;
import java.util.List;

/** The enabled rules of a config, in the fixed order they are evaluated (so pages come out in a stable order). */
final class RuleSet {

    private RuleSet() {
    }

    static List<Rule> of(SloConfig config) {
        SloAlerts a = config.alerts();
        int min = config.minRequests();
        List<Rule> rules = new ArrayList<>();
        if (a.p95Latency().enabled()) {
            rules.add(new LatencyRule(a.p95Latency(), orDefault(a.p95Latency().minRequests(), min)));
        }
        if (a.successRate().enabled()) {
            rules.add(new SuccessRule(a.successRate(), orDefault(a.successRate().minRequests(), min)));
        }
        if (a.avgCost().enabled()) {
            rules.add(new CostRule(a.avgCost(), orDefault(a.avgCost().minRequests(), min)));
        }
        if (a.burnRateFast().enabled()) {
            rules.add(new BurnRateRule("burn_rate_fast", a.burnRateFast(), orDefault(a.burnRateFast().minRequests(), min)));
        }
        if (a.burnRateSlow().enabled()) {
            rules.add(new BurnRateRule("burn_rate_slow", a.burnRateSlow(), orDefault(a.burnRateSlow().minRequests(), min)));
        }
        if (a.burnRateTicket().enabled()) {
            rules.add(new BurnRateRule("burn_rate_ticket", a.burnRateTicket(), orDefault(a.burnRateTicket().minRequests(), min)));
        }
        if (a.budgetExhaustedEnabled()) {
            rules.add(new BudgetRule(config.objectives().period(), min));
        }
        if (a.resultsAbsent().enabled()) {
            rules.add(new AbsentRule(a.resultsAbsent()));
        }
        return List.copyOf(rules);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
