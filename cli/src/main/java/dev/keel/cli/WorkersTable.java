package dev.keel.cli;

import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.ProviderState;
import dev.keel.schemas.WorkerStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The workers section of {@code keel status}: the latest report of each worker on the compacted
 * {@code keel.workers} topic. A worker reporting within {@link #LIVE} is live; one that stopped
 * cleanly says so; one that went quiet (killed, partitioned) shows how long ago it last reported.
 * Reports older than {@link #FORGET} are left out.
 */
final class WorkersTable {

    static final Duration LIVE = Duration.ofSeconds(10);
    static final Duration FORGET = Duration.ofHours(1);
    /** A worker compares its control position with the topic's end every second. */
    static final Duration CONTROL_CHECK_STALE = Duration.ofSeconds(5);

    private WorkersTable() {
    }

    /** Reads the topic to its current end. */
    static List<WorkerStatus> read(KafkaClients kafka, KeelTopics topics) {
        KeelSerde<WorkerStatus> serde = KeelSerde.of(WorkerStatus.class);
        Map<String, WorkerStatus> latest = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.bytesConsumer(null, "keel-status")) {
            List<TopicPartition> partitions = KafkaAccess.partitionsOf(consumer, topics.workers().name());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KafkaAccess.REACH_TIMEOUT);
            long deadline = System.nanoTime() + KafkaAccess.REACH_TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && serde.decode(record.value()) instanceof Decoded.Ok<WorkerStatus> ok) {
                        latest.put(ok.value().getWorkerId(), ok.value());
                    }
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    static String render(List<WorkerStatus> workers, long now) {
        List<WorkerStatus> shown = workers.stream().filter(w -> now - w.getReportedAt() <= FORGET.toMillis())
                .sorted(Comparator.comparing(WorkerStatus::getWorkerId)).toList();
        Set<String> providers = new LinkedHashSet<>();
        shown.forEach(w -> w.getProviders().forEach(p -> providers.add(p.getName())));
        StringBuilder out = new StringBuilder("\nWORKERS (keel.workers: live = reported within " + LIVE.toSeconds() + " s)\n");
        if (shown.isEmpty()) {
            return out.append("  no worker reported in the last hour\n").toString();
        }
        out.append(String.format(Locale.ROOT, "%-28s %8s %-8s %-6s %9s", "WORKER", "LAST", "STATE", "BYPASS", "IN FLIGHT"));
        providers.forEach(p -> out.append(String.format(Locale.ROOT, " %-16s", p.toUpperCase(Locale.ROOT))));
        out.append(String.format(Locale.ROOT, " %-11s %-8s %s%n", "CONTROL LAG", "HEALTH", "CONTROL STATE"));
        for (WorkerStatus w : shown) {
            long age = Math.max(0, now - w.getReportedAt());
            String state = w.getStopped() ? "stopped" : age <= LIVE.toMillis() ? "live" : "silent";
            out.append(String.format(Locale.ROOT, "%-28s %8s %-8s %-6s %9d", abbreviate(w.getWorkerId()), ago(age), state,
                    w.getBypass() ? "ON" : "off", w.getInFlight()));
            for (String provider : providers) {
                out.append(String.format(Locale.ROOT, " %-16s", w.getProviders().stream().filter(p -> p.getName().equals(provider))
                        .findFirst().map(WorkersTable::describe).orElse("-")));
            }
            out.append(String.format(Locale.ROOT, " %-11s %-8s %s%n", w.getControlLagMs() == null ? "-" : w.getControlLagMs() + " ms",
                    w.getHealth() == null ? "-" : w.getHealth(), controlState(w)));
            if (w.getHealthDetail() != null && !"OK".equals(w.getHealth())) {
                out.append("    ").append(w.getHealthDetail()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Whether the worker applied everything on keel.control: "in sync", "behind N" (records not applied), or
     * "unchecked Ns" when its last comparison with the topic's end is older than {@link #CONTROL_CHECK_STALE}
     * (the broker was away from it, or its listener is stuck).
     */
    static String controlState(WorkerStatus w) {
        if (w.getControlCheckedAt() == null) {
            return "-";
        }
        long unchecked = w.getReportedAt() - w.getControlCheckedAt();
        String skipped = w.getControlSkipped() != null && w.getControlSkipped() > 0 ? " (" + w.getControlSkipped() + " skipped)" : "";
        if (unchecked > CONTROL_CHECK_STALE.toMillis()) {
            return "unchecked " + unchecked / 1000 + "s" + skipped;
        }
        long behind = w.getControlBehind() == null ? 0 : w.getControlBehind();
        return (behind == 0 ? "in sync" : "behind " + behind) + skipped;
    }

    private static String describe(ProviderState provider) {
        return provider.getDisabled() ? provider.getCooldown() + ",disabled" : provider.getCooldown();
    }

    private static String ago(long millis) {
        long s = millis / 1000;
        return s < 60 ? s + "s ago" : s < 3600 ? (s / 60) + "m ago" : (s / 3600) + "h ago";
    }

    private static String abbreviate(String id) {
        return id.length() <= 28 ? id : id.substring(0, 25) + "...";
    }
}
