package dev.keel.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Topic names (DESIGN.md defaults) and how Keel creates them when they do not exist. */
public record TopicsConfig(
        String requests,
        String requestsBatch,
        String results,
        String dlq,
        String sli,
        String pages,
        String control,
        String workers,
        String drills,
        Integer partitions,
        Short replicationFactor,
        Map<String, Integer> partitionOverrides) {

    public static final int DEFAULT_PARTITIONS = 6;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    /** The compacted topic of {@code keel drill}'s log (a Keel addition to DESIGN.md's topics). */
    public static final String DEFAULT_DRILLS = "keel.drills";
    private static final Set<String> ROLES = Set.of("requests", "requests-batch", "results", "dlq", "sli", "pages", "control", "workers", "drills");

    public TopicsConfig {
        requests = name(requests, "llm.requests", "requests");
        requestsBatch = name(requestsBatch, "llm.requests.batch", "requests-batch");
        results = name(results, "llm.results", "results");
        dlq = name(dlq, "llm.requests.dlq", "dlq");
        sli = name(sli, "slo.sli", "sli");
        pages = name(pages, "slo.pages", "pages");
        control = name(control, "keel.control", "control");
        workers = name(workers, "keel.workers", "workers");
        drills = name(drills, DEFAULT_DRILLS, "drills");
        partitions = partitions == null ? DEFAULT_PARTITIONS : partitions;
        InvalidValueException.check(partitions > 0, "partitions", "must be at least 1");
        replicationFactor = replicationFactor == null ? DEFAULT_REPLICATION_FACTOR : replicationFactor;
        InvalidValueException.check(replicationFactor > 0, "replication-factor", "must be at least 1");
        partitionOverrides = Map.copyOf(partitionOverrides == null ? Map.of() : partitionOverrides);
        partitionOverrides.forEach((role, count) -> {
            InvalidValueException.check(ROLES.contains(role), "partition-overrides." + role,
                    "unknown topic role (one of " + String.join(", ", ROLES.stream().sorted().toList()) + ")");
            InvalidValueException.check(count != null && count > 0, "partition-overrides." + role, "must be at least 1");
        });
    }

    /** The topics without a drills name (it takes its default), as before {@code drills} was added. */
    public TopicsConfig(String requests, String requestsBatch, String results, String dlq, String sli, String pages,
                        String control, String workers, Integer partitions, Short replicationFactor,
                        Map<String, Integer> partitionOverrides) {
        this(requests, requestsBatch, results, dlq, sli, pages, control, workers, null, partitions, replicationFactor,
                partitionOverrides);
    }

    public static TopicsConfig defaults() {
        return new TopicsConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public TopicsConfig withDrills(String name) {
        return new TopicsConfig(requests, requestsBatch, results, dlq, sli, pages, control, workers, name, partitions,
                replicationFactor, partitionOverrides);
    }

    /** Partition count per topic name, for provisioning. The compacted control, workers and drills topics have one partition. */
    public Map<String, Integer> partitionsByTopic() {
        Map<String, Integer> byTopic = new LinkedHashMap<>();
        byTopic.put(requests, partitionsOf("requests"));
        byTopic.put(requestsBatch, partitionsOf("requests-batch"));
        byTopic.put(results, partitionsOf("results"));
        byTopic.put(dlq, partitionsOf("dlq"));
        byTopic.put(sli, partitionsOf("sli"));
        byTopic.put(pages, partitionsOf("pages"));
        byTopic.put(control, 1);
        byTopic.put(workers, 1);
        byTopic.put(drills, 1);
        return byTopic;
    }

    private int partitionsOf(String role) {
        return partitionOverrides.getOrDefault(role, partitions);
    }

    private static String name(String value, String fallback, String field) {
        if (value == null) {
            return fallback;
        }
        InvalidValueException.check(value.matches("[A-Za-z0-9._-]{1,249}"), field,
                "not a valid Kafka topic name (letters, digits, '.', '_', '-')");
        return value;
    }
}
