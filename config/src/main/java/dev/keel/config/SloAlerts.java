package dev.keel.config;

import java.time.Duration;

/**
 * The SLO alert rules (DESIGN.md "SLOs"): the seed's three threshold pages, three burn-rate alerts
 * on the error budget, the budget-spent ticket and {@code results_absent}. Every rule can be switched
 * off; windows and holds are whole minutes.
 *
 * @param budgetExhaustedEnabled the TICKET that says changes should freeze once the budget is spent
 */
public record SloAlerts(
        SloThresholdAlert p95Latency,
        SloThresholdAlert successRate,
        SloThresholdAlert avgCost,
        SloBurnRateAlert burnRateFast,
        SloBurnRateAlert burnRateSlow,
        SloBurnRateAlert burnRateTicket,
        Boolean budgetExhaustedEnabled,
        SloAbsentAlert resultsAbsent) {

    public static final Duration DEFAULT_THRESHOLD_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_P95_FOR = Duration.ofMinutes(15);
    public static final Duration DEFAULT_SUCCESS_FOR = Duration.ofMinutes(5);
    public static final Duration DEFAULT_COST_FOR = Duration.ofMinutes(15);

    public SloAlerts {
        p95Latency = SloThresholdAlert.resolve(p95Latency, "p95-latency", DEFAULT_THRESHOLD_WINDOW, DEFAULT_P95_FOR);
        successRate = SloThresholdAlert.resolve(successRate, "success-rate", DEFAULT_THRESHOLD_WINDOW, DEFAULT_SUCCESS_FOR);
        avgCost = SloThresholdAlert.resolve(avgCost, "avg-cost", DEFAULT_THRESHOLD_WINDOW, DEFAULT_COST_FOR);
        burnRateFast = SloBurnRateAlert.resolve(burnRateFast, "burn-rate-fast", 14.4, Duration.ofHours(1), Duration.ofMinutes(5), SloSeverity.PAGE);
        burnRateSlow = SloBurnRateAlert.resolve(burnRateSlow, "burn-rate-slow", 6.0, Duration.ofHours(6), Duration.ofMinutes(30), SloSeverity.PAGE);
        burnRateTicket = SloBurnRateAlert.resolve(burnRateTicket, "burn-rate-ticket", 1.0, Duration.ofDays(3), Duration.ofHours(6), SloSeverity.TICKET);
        budgetExhaustedEnabled = budgetExhaustedEnabled == null || budgetExhaustedEnabled;
        resultsAbsent = resultsAbsent == null ? SloAbsentAlert.defaults() : resultsAbsent;
    }

    public static SloAlerts defaults() {
        return new SloAlerts(null, null, null, null, null, null, null, null);
    }

    static void checkWholeMinutes(Duration d, String field, boolean zeroAllowed) {
        InvalidValueException.check(!d.isNegative() && (zeroAllowed || !d.isZero()), field, zeroAllowed ? "must not be negative" : "must be positive");
        InvalidValueException.check(d.toMillis() % 60_000 == 0, field, "must be whole minutes (rules are evaluated at each minute close)");
    }
}
