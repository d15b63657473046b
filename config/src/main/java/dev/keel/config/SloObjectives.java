package dev.keel.config;

import java.time.Duration;

/**
 * The promise: {@code success-rate} of requests succeed, {@code latency-percentile} of them finish
 * (queue + processing) within {@code latency-target}, and the average request costs at most
 * {@code avg-cost-usd}, over {@code period}.
 */
public record SloObjectives(Double successRate, Duration latencyTarget, Double latencyPercentile, Double avgCostUsd, Duration period) {

    public static final double DEFAULT_SUCCESS_RATE = 0.995;
    public static final Duration DEFAULT_LATENCY_TARGET = Duration.ofMillis(2500);
    public static final double DEFAULT_LATENCY_PERCENTILE = 0.95;
    public static final double DEFAULT_AVG_COST_USD = 0.015;
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    public SloObjectives {
        successRate = successRate == null ? DEFAULT_SUCCESS_RATE : successRate;
        InvalidValueException.check(successRate > 0 && successRate < 1, "success-rate", "must be a fraction in (0, 1), e.g. 0.995");
        latencyTarget = RoutingConfig.positive(latencyTarget, DEFAULT_LATENCY_TARGET, "latency-target");
        latencyPercentile = latencyPercentile == null ? DEFAULT_LATENCY_PERCENTILE : latencyPercentile;
        InvalidValueException.check(latencyPercentile > 0 && latencyPercentile < 1, "latency-percentile", "must be a fraction in (0, 1), e.g. 0.95");
        avgCostUsd = avgCostUsd == null ? DEFAULT_AVG_COST_USD : avgCostUsd;
        InvalidValueException.check(avgCostUsd > 0, "avg-cost-usd", "must be positive");
        period = RoutingConfig.positive(period, DEFAULT_PERIOD, "period");
    }

    public static SloObjectives defaults() {
        return new SloObjectives(null, null, null, null, null);
    }
}
