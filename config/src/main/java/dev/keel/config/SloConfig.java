package dev.keel.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SLO streams application (DESIGN.md "SLOs"; the exact semantics are in slo-streams/README.md).
 *
 * @param applicationId         Kafka Streams application id (also the prefix of its internal topics)
 * @param window                SLI window size; divides an hour (1m by default)
 * @param grace                 how long a window stays open for late results (event time)
 * @param statusPort            HTTP port of the status endpoint (0: any free port)
 * @param statusHost            address the status endpoint binds to and advertises to other instances
 * @param punctuateInterval     how often the wall-clock punctuator moves time on when no result arrives
 * @param idlePartitionTimeout  wall time after which a results partition that sent nothing stops holding windows open
 * @param minRequests           fewest served requests in a rule's window before it may fire (per rule overridable)
 * @param includeBatchInLatency whether BATCH-lane results count toward the latency objective
 * @param overrides             scope ({@code feature:x}, {@code tenant:y} ...) -> its own targets
 */
public record SloConfig(
        String applicationId,
        Duration window,
        Duration grace,
        SloObjectives objectives,
        Integer statusPort,
        String statusHost,
        Duration punctuateInterval,
        Duration idlePartitionTimeout,
        Integer minRequests,
        Boolean includeBatchInLatency,
        SloScopes scopes,
        SloAlerts alerts,
        Map<String, SloObjectivesOverride> overrides) {

    public static final String DEFAULT_APPLICATION_ID = "keel-slo";
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_STATUS_PORT = 8088;
    public static final String DEFAULT_STATUS_HOST = "127.0.0.1";
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_IDLE_PARTITION_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MIN_REQUESTS = 20;

    public SloConfig {
        applicationId = applicationId == null ? DEFAULT_APPLICATION_ID : applicationId;
        window = RoutingConfig.positive(window, DEFAULT_WINDOW, "window");
        InvalidValueException.check(window.toMillis() >= 1000 && Duration.ofHours(1).toMillis() % window.toMillis() == 0,
                "window", "must divide an hour evenly (1m, 5m, 15m ...)");
        grace = grace == null ? DEFAULT_GRACE : grace;
        InvalidValueException.check(!grace.isNegative(), "grace", "must not be negative");
        objectives = objectives == null ? SloObjectives.defaults() : objectives;
        statusPort = statusPort == null ? DEFAULT_STATUS_PORT : statusPort;
        InvalidValueException.check(statusPort >= 0 && statusPort <= 65535, "status-port", "must be a port number (0 = any free port)");
        statusHost = statusHost == null || statusHost.isBlank() ? DEFAULT_STATUS_HOST : statusHost.strip();
        punctuateInterval = RoutingConfig.positive(punctuateInterval, DEFAULT_PUNCTUATE_INTERVAL, "punctuate-interval");
        idlePartitionTimeout = RoutingConfig.positive(idlePartitionTimeout, DEFAULT_IDLE_PARTITION_TIMEOUT, "idle-partition-timeout");
        minRequests = minRequests == null ? DEFAULT_MIN_REQUESTS : minRequests;
        InvalidValueException.check(minRequests >= 1, "min-requests", "must be at least 1");
        includeBatchInLatency = includeBatchInLatency != null && includeBatchInLatency;
        scopes = scopes == null ? SloScopes.defaults() : scopes;
        alerts = alerts == null ? SloAlerts.defaults() : alerts;
        overrides = Map.copyOf(new TreeMap<>(overrides == null ? Map.of() : overrides));
        for (String scope : overrides.keySet()) {
            InvalidValueException.check(scope.equals("global") || scope.matches("(provider|feature|tenant):.+"),
                    "overrides." + scope, "not a scope: expected global, provider:<name>, feature:<name> or tenant:<id>");
            InvalidValueException.check(overrides.get(scope) != null, "overrides." + scope, "missing value");
        }
        checkMultiple(window, alerts.p95Latency().window(), "alerts.p95-latency.window");
        checkMultiple(window, alerts.p95Latency().hold(), "alerts.p95-latency.for");
        checkMultiple(window, alerts.successRate().window(), "alerts.success-rate.window");
        checkMultiple(window, alerts.successRate().hold(), "alerts.success-rate.for");
        checkMultiple(window, alerts.avgCost().window(), "alerts.avg-cost.window");
        checkMultiple(window, alerts.avgCost().hold(), "alerts.avg-cost.for");
        checkMultiple(window, alerts.burnRateFast().shortWindow(), "alerts.burn-rate-fast.short-window");
        checkMultiple(window, alerts.burnRateSlow().shortWindow(), "alerts.burn-rate-slow.short-window");
        checkMultiple(window, alerts.burnRateTicket().shortWindow(), "alerts.burn-rate-ticket.short-window");
        checkMultiple(window, alerts.resultsAbsent().after(), "alerts.results-absent.after");
    }

    public static SloConfig defaults() {
        return new SloConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The objectives of one scope: its override, if any, over the global ones. */
    public SloObjectives objectivesFor(String scope) {
        SloObjectivesOverride override = overrides.get(scope);
        return override == null ? objectives : override.applyTo(objectives);
    }

    public SloConfig withStatusPort(int port) {
        return new SloConfig(applicationId, window, grace, objectives, port, statusHost, punctuateInterval, idlePartitionTimeout, minRequests,
                includeBatchInLatency, scopes, alerts, overrides);
    }

    public SloConfig withApplicationId(String id) {
        return new SloConfig(id, window, grace, objectives, statusPort, statusHost, punctuateInterval, idlePartitionTimeout, minRequests,
                includeBatchInLatency, scopes, alerts, overrides);
    }

    private static void checkMultiple(Duration window, Duration d, String field) {
        InvalidValueException.check(d.toMillis() % window.toMillis() == 0, field, "must be a multiple of slo.window (" + window + ")");
    }
}
