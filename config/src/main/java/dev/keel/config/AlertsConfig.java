package dev.keel.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code keel alerts}: which sinks receive the pages of {@code slo.pages} (alerts/README.md).
 *
 * @param groupId         the consumer group of {@code keel alerts} on the pages topic
 * @param ledgerTopic     compacted topic recording, per sink and page, whether it was delivered or given up
 *                        (the dedup memory that survives restarts, and where undelivered pages are visible)
 * @param runbookBaseUrl  prefix that turns a page's runbook path into a link (optional)
 * @param shutdownTimeout how long a stop waits for deliveries in flight before it commits what is done
 * @param sinks           sink name -> sink
 * @param startLookback   where a new consumer group starts: pages recorded in this much time before now (a first start
 *                        must not re-page a month of history, nor miss the pages of the last hour)
 */
public record AlertsConfig(String groupId, String ledgerTopic, String runbookBaseUrl, Duration shutdownTimeout,
                           Map<String, AlertSinkConfig> sinks, Duration startLookback) {

    public static final String DEFAULT_GROUP_ID = "keel-alerts";
    public static final String DEFAULT_LEDGER_TOPIC = "slo.pages.deliveries";
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_START_LOOKBACK = Duration.ofHours(1);

    public AlertsConfig {
        groupId = groupId == null || groupId.isBlank() ? DEFAULT_GROUP_ID : groupId.strip();
        ledgerTopic = ledgerTopic == null ? DEFAULT_LEDGER_TOPIC : ledgerTopic;
        InvalidValueException.check(ledgerTopic.matches("[A-Za-z0-9._-]{1,249}"), "ledger-topic", "not a valid Kafka topic name");
        runbookBaseUrl = runbookBaseUrl == null || runbookBaseUrl.isBlank() ? null : runbookBaseUrl.strip();
        shutdownTimeout = RoutingConfig.positive(shutdownTimeout, DEFAULT_SHUTDOWN_TIMEOUT, "shutdown-timeout");
        startLookback = RoutingConfig.positive(startLookback, DEFAULT_START_LOOKBACK, "start-lookback");
        sinks = sinks == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(sinks));
        for (Map.Entry<String, AlertSinkConfig> sink : sinks.entrySet()) {
            InvalidValueException.check(sink.getKey().matches("[A-Za-z0-9_-]{1,64}"), "sinks." + sink.getKey(),
                    "sink names are letters, digits, '_' and '-'");
            InvalidValueException.require(sink.getValue(), "sinks." + sink.getKey());
        }
    }

    public static AlertsConfig defaults() {
        return new AlertsConfig(null, null, null, null, null, null);
    }

    public AlertsConfig withSinks(Map<String, AlertSinkConfig> newSinks) {
        return new AlertsConfig(groupId, ledgerTopic, runbookBaseUrl, shutdownTimeout, newSinks, startLookback);
    }

    public AlertsConfig withGroupId(String newGroupId) {
        return new AlertsConfig(newGroupId, ledgerTopic, runbookBaseUrl, shutdownTimeout, sinks, startLookback);
    }

    public AlertsConfig withLedgerTopic(String newTopic) {
        return new AlertsConfig(groupId, newTopic, runbookBaseUrl, shutdownTimeout, sinks, startLookback);
    }

    public AlertsConfig withStartLookback(Duration lookback) {
        return new AlertsConfig(groupId, ledgerTopic, runbookBaseUrl, shutdownTimeout, sinks, lookback);
    }
}
