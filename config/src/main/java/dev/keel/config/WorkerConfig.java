package dev.keel.config;

import java.time.Duration;

/**
 * One router worker process.
 *
 * @param id                 worker id on every result (default: host name and pid)
 * @param groupId            consumer group of the request topics
 * @param maxInFlight        requests processed at once (virtual threads); partitions pause beyond it
 * @param batchShare         fraction of {@code max-in-flight} the batch lane may use
 * @param commitInterval     how often the completed prefix of each partition is committed
 * @param shutdownGrace      how long a stopping worker waits for in-flight requests
 * @param delivery           {@code exactly-once} (results and offsets in one transaction) or {@code at-least-once}
 * @param slowStart          how long a starting worker takes to raise its in-flight limit from 64 to {@code max-in-flight},
 *                           from its first request ({@code 0s}: no slow start)
 */
public record WorkerConfig(String id, String groupId, Integer maxInFlight, Double batchShare,
                           Duration commitInterval, Duration shutdownGrace, DeliveryGuarantee delivery, Duration slowStart) {

    public static final String DEFAULT_GROUP_ID = "keel-router";
    public static final int DEFAULT_MAX_IN_FLIGHT = 2048;
    public static final double DEFAULT_BATCH_SHARE = 0.25;
    /** Also how often results become visible under exactly-once: a transaction per interval. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final DeliveryGuarantee DEFAULT_DELIVERY = DeliveryGuarantee.EXACTLY_ONCE;
    /** A longer interval would hold every result back for that long under exactly-once. */
    public static final Duration MAX_COMMIT_INTERVAL = Duration.ofSeconds(10);
    /** A cold JVM's first seconds: interpreted code, compiles, the partitions' backlog all at once. */
    public static final Duration DEFAULT_SLOW_START = Duration.ofSeconds(10);

    public WorkerConfig {
        id = id == null || id.isBlank() ? defaultId() : id;
        groupId = groupId == null ? DEFAULT_GROUP_ID : groupId;
        maxInFlight = maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
        InvalidValueException.check(maxInFlight >= 1 && maxInFlight <= 100_000, "max-in-flight", "must be between 1 and 100000");
        batchShare = batchShare == null ? DEFAULT_BATCH_SHARE : batchShare;
        InvalidValueException.check(batchShare > 0 && batchShare <= 1, "batch-share", "must be in (0, 1]");
        commitInterval = RoutingConfig.positive(commitInterval, DEFAULT_COMMIT_INTERVAL, "commit-interval");
        InvalidValueException.check(commitInterval.compareTo(MAX_COMMIT_INTERVAL) <= 0, "commit-interval", "must be at most 10s");
        shutdownGrace = shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
        InvalidValueException.check(!shutdownGrace.isNegative(), "shutdown-grace", "must not be negative");
        delivery = delivery == null ? DEFAULT_DELIVERY : delivery;
        slowStart = slowStart == null ? DEFAULT_SLOW_START : slowStart;
        InvalidValueException.check(!slowStart.isNegative() && slowStart.compareTo(Duration.ofMinutes(10)) <= 0, "slow-start",
                "must be between 0s and 10m");
    }

    /** The settings before {@code slow-start} existed; it takes its default. */
    public WorkerConfig(String id, String groupId, Integer maxInFlight, Double batchShare,
                        Duration commitInterval, Duration shutdownGrace, DeliveryGuarantee delivery) {
        this(id, groupId, maxInFlight, batchShare, commitInterval, shutdownGrace, delivery, null);
    }

    /** The settings before {@code delivery} existed; delivery takes its default. */
    public WorkerConfig(String id, String groupId, Integer maxInFlight, Double batchShare,
                        Duration commitInterval, Duration shutdownGrace) {
        this(id, groupId, maxInFlight, batchShare, commitInterval, shutdownGrace, null, null);
    }

    public static WorkerConfig defaults() {
        return new WorkerConfig(null, null, null, null, null, null, null, null);
    }

    public WorkerConfig withId(String newId) {
        return new WorkerConfig(newId, groupId, maxInFlight, batchShare, commitInterval, shutdownGrace, delivery, slowStart);
    }

    public WorkerConfig withDelivery(DeliveryGuarantee newDelivery) {
        return new WorkerConfig(id, groupId, maxInFlight, batchShare, commitInterval, shutdownGrace, newDelivery, slowStart);
    }

    public WorkerConfig withSlowStart(Duration newSlowStart) {
        return new WorkerConfig(id, groupId, maxInFlight, batchShare, commitInterval, shutdownGrace, delivery, newSlowStart);
    }

    private static String defaultId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "worker";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
