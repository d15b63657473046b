package dev.keel.slo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * What the status endpoint serves (JSON, snake_case) and what {@code keel status} and the demo read:
 * per scope the SLIs over 5m / 1h / 30d, the error budget, burn rates and active alerts, as of the
 * last closed window ({@code evaluated_through}, event time). Immutable.
 *
 * @param generatedAt      wall clock of the answer (epoch ms)
 * @param evaluatedThrough end of the last closed window (event time, epoch ms); null before the first
 * @param counters         this instance's late and undecodable record counts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusSnapshot(long generatedAt, Long evaluatedThrough, List<ScopeStatus> scopes, List<ActiveAlert> alerts,
                             Map<String, Long> counters) {

    /**
     * The JSON mapper of the status model (snake_case field names, like every Keel edge format).
     * Unknown fields are ignored, so an older {@code keel status} reads a newer app's answer.
     */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public StatusSnapshot {
        scopes = List.copyOf(scopes);
        alerts = List.copyOf(alerts);
        counters = Map.copyOf(counters);
    }

    /** The status of one scope ({@code global}, {@code provider:primary} ...), if it had results. */
    public java.util.Optional<ScopeStatus> scope(String name) {
        return scopes.stream().filter(s -> s.scope().equals(name)).findFirst();
    }

    /** One scope at the last evaluation. {@code slis} is keyed by window: {@code 5m}, {@code 1h}, {@code 30d}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScopeStatus(String scope, long evaluatedAt, Objectives objectives, Map<String, Sli> slis,
                              ErrorBudget errorBudget, Map<String, Double> burnRates, List<ActiveAlert> alerts) {
    }

    /** The targets the scope is held to (after any override). */
    public record Objectives(double successRate, long latencyTargetMs, double latencyPercentile, double avgCostUsd) {
    }

    /**
     * SLIs over one trailing window. Rates are over served requests (every status but REJECTED);
     * null when nothing was served.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sli(long count, long served, long success, long rejected, Double successRate, Double p50Ms, Double p95Ms,
                      Double p99Ms, Double underLatencyTarget, double costUsdSum, Double avgCostUsd, long cacheHits, long failovers) {
    }

    /**
     * The error budget over the period (30 days): {@code allowed} failures = (1 - target) x served;
     * {@code remaining} = allowed - failures (negative when overspent); {@code remaining_fraction} =
     * remaining / allowed (1 when nothing was served).
     */
    public record ErrorBudget(String period, long served, long failures, double allowed, double remaining, double remainingFraction) {
    }

    /** A firing alert with its latest evaluation. */
    public record ActiveAlert(String alertKey, String rule, String severity, String scope, double observed, double threshold,
                              long startedAt, String summary, String runbook) {
    }
}
