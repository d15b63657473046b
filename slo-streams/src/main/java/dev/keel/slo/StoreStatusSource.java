package dev.keel.slo;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.slo.StatusSnapshot.ScopeStatus;
import dev.keel.slo.internal.SloEngine;
import dev.keel.slo.internal.StatusMerge;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the status the engine tasks wrote at their last window close straight from their stores: the
 * local stores of a running app (every local engine task), or a {@code TopologyTestDriver}'s. Thread-safe as far as the stores are
 * (Streams' read-only store views are).
 */
public final class StoreStatusSource implements StatusSource {

    private final Supplier<ReadOnlyKeyValueStore<String, String>> statusStore;
    private final Supplier<ReadOnlyKeyValueStore<String, String>> metaStore;
    private final SloMetrics metrics;
    private final InstantSource clock;

    public StoreStatusSource(Supplier<ReadOnlyKeyValueStore<String, String>> statusStore,
                             Supplier<ReadOnlyKeyValueStore<String, String>> metaStore, SloMetrics metrics, InstantSource clock) {
        this.statusStore = statusStore;
        this.metaStore = metaStore;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public StatusReading read() {
        List<ScopeStatus> scopes = new ArrayList<>();
        try (KeyValueIterator<String, String> it = statusStore.get().all()) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                scopes.add(StatusSnapshot.JSON.readValue(entry.value, ScopeStatus.class));
            }
        } catch (JsonProcessingException e) {
            return new StatusReading.Unavailable("unreadable status entry: " + e.getOriginalMessage());
        }
        Long through = null;
        try (KeyValueIterator<String, String> it = metaStore.get().range(SloEngine.CLOSED_THROUGH, SloEngine.CLOSED_THROUGH)) {
            // One entry per local engine task (each closes its own windows): the earliest is as far as all are.
            while (it.hasNext()) {
                long closed = Long.parseLong(it.next().value);
                through = through == null ? closed : Math.min(through, closed);
            }
        }
        Map<String, Long> counters = Map.of("late_results", metrics.lateResults(), "undecodable_records", metrics.undecodableRecords());
        return new StatusReading.Ready(StatusMerge.of(scopes, through, counters, clock.millis()));
    }
}
