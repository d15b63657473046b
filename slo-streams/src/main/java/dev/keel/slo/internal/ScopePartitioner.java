package dev.keel.slo.internal;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Places engine inputs on the scope-partitioned topic: a batch on the engine partition it was built for
 * (the intake groups partials by {@link #partitionOf} of their scope), a lone partial or request count on
 * the partition of its scope (murmur2 of the scope, as Kafka's default partitioner would), a lone watermark
 * on every partition, so each engine task learns every source partition's clock. Stateless.
 */
public final class ScopePartitioner implements StreamPartitioner<String, EngineInput> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, EngineInput value, int numPartitions) {
        if (value instanceof EngineInput.Batch batch) {
            return Optional.of(Set.of(batch.partition()));
        }
        if (value instanceof EngineInput.Watermark) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }

    /** The engine partition that owns {@code scope}. */
    public static int partitionOf(String scope, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(scope.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
