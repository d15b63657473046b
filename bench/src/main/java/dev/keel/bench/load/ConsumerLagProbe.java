package dev.keel.bench.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The worker group's lag on the request topics (end offset minus committed offset, summed over partitions),
 * once a second. Under exactly-once the committed offset moves with each transaction, so the lag includes the
 * requests in flight (about rate × provider latency) plus one commit interval: what matters is that it does
 * not grow, so the summary compares the first and the second half of the run.
 */
public final class ConsumerLagProbe implements RunProbe {

    private final Admin admin;
    private final String group;
    private final Set<String> topics;
    private final List<long[]> samples = new ArrayList<>();

    public ConsumerLagProbe(Admin admin, String group, Set<String> topics) {
        this.admin = admin;
        this.group = group;
        this.topics = Set.copyOf(topics);
    }

    @Override
    public void sample(long measuredNanos) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> ask.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            long lag = 0;
            for (var e : admin.listOffsets(ask).all().get(5, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            synchronized (samples) {
                samples.add(new long[] {measuredNanos, lag});
            }
        } catch (Exception e) {
            // a missed sample: the summary says how many were taken
        }
    }

    @Override
    public List<String> summary() {
        List<long[]> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        if (copy.isEmpty()) {
            return List.of("consumer lag: no sample");
        }
        int half = copy.size() / 2;
        long firstHalfMax = copy.subList(0, Math.max(1, half)).stream().mapToLong(s -> s[1]).max().orElse(0);
        long secondHalfMax = copy.subList(half, copy.size()).stream().mapToLong(s -> s[1]).max().orElse(0);
        long[] sorted = copy.stream().mapToLong(s -> s[1]).sorted().toArray();
        return List.of(String.format(Locale.ROOT,
                "consumer lag (%s, %d samples): median %d, max %d; max in first half %d, in second half %d; last %d",
                group, copy.size(), sorted[sorted.length / 2], sorted[sorted.length - 1], firstHalfMax, secondHalfMax,
                copy.getLast()[1]));
    }

    @Override
    public void close() {
        admin.close();
    }
}
