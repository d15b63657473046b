package dev.keel.config;

import java.time.Duration;

/**
 * The SLO streams application (DESIGN.md "SLOs").
 *
 * @param applicationId Kafka Streams application id (also the prefix of its internal topics)
 * @param window        SLI window size
 * @param grace         how long a window stays open for late results
 * @param statusPort    HTTP port of the status endpoint (0: any free port)
 */
public record SloConfig(String applicationId, Duration window, Duration grace, SloObjectives objectives, Integer statusPort) {

    public static final String DEFAULT_APPLICATION_ID = "keel-slo";
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_STATUS_PORT = 8088;

    public SloConfig {
        applicationId = applicationId == null ? DEFAULT_APPLICATION_ID : applicationId;
        window = RoutingConfig.positive(window, DEFAULT_WINDOW, "window");
        grace = grace == null ? DEFAULT_GRACE : grace;
        InvalidValueException.check(!grace.isNegative(), "grace", "must not be negative");
        objectives = objectives == null ? SloObjectives.defaults() : objectives;
        statusPort = statusPort == null ? DEFAULT_STATUS_PORT : statusPort;
        InvalidValueException.check(statusPort >= 0 && statusPort <= 65535, "status-port", "must be a port number (0 = any free port)");
    }

    public static SloConfig defaults() {
        return new SloConfig(null, null, null, null, null);
    }
}
