package dev.keel.cli.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * What a drill showed, as numbers ({@code <drill>.json} next to the Markdown, snake_case). Times are
 * epoch ms; durations ms; null where the drill did not show it (no revocation, no restore, no baseline).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DrillReport(
        String drillId, long startedAt, Long endedAt, String startedBy, String note,
        Objectives objectives,
        String drilledProvider, String failoverProvider,
        Long revokedAt, Long firstFailoverSuccessAt, Long failoverMs,
        Long restoredAt, Long primaryBackAt, Long primaryBackMs, long cooldownMs,
        Requests requests,
        Double successRate, Double p95Ms, Double avgCostUsd, Boolean successKept, Boolean latencyKept,
        Budget budget,
        List<TimelineEntry> timeline,
        List<String> findings) {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public record Objectives(double successRate, long latencyTargetMs, double avgCostUsd) {
    }

    /** Results completed between start and end (first result per request id); served = not REJECTED. */
    public record Requests(long total, long served, long succeeded, long failed, long rejected, long onDrilledProvider,
                           long onFailoverProvider, long cacheHits) {
    }

    /**
     * @param allowed30d        failures the 30-day budget allowed at the start (baseline), null without one
     * @param spentFraction30d  the drill's failures as a share of {@code allowed30d}
     * @param drillAllowance    failures the drill's own served requests allowed ((1 - target) x served)
     * @param remainingBefore   budget left (fraction) at the start, from the baseline
     * @param remainingAfter    budget left (fraction) at the end, from the status endpoint
     */
    public record Budget(long failures, Double allowed30d, Double spentFraction30d, double drillAllowance,
                         Double remainingBefore, Double remainingAfter) {
    }

    /** One line of the timeline: who (scribe, control, pages, results, drill) and what. */
    public record TimelineEntry(long at, String source, String who, String what) {
    }
}
