package dev.keel.slo;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.slo.StatusSnapshot.ActiveAlert;
import dev.keel.slo.StatusSnapshot.ScopeStatus;
import dev.keel.slo.internal.SloEngine;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the status the engine wrote at its last window close straight from its stores: the local
 * stores of a running app, or a {@code TopologyTestDriver}'s. Thread-safe as far as the stores are
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
        scopes.sort(Comparator.comparing((ScopeStatus s) -> !s.scope().equals("global")).thenComparing(ScopeStatus::scope));
        List<ActiveAlert> alerts = scopes.stream().flatMap(s -> s.alerts().stream())
                .sorted(Comparator.comparing(ActiveAlert::severity).thenComparing(ActiveAlert::alertKey)).toList();
        String closed = metaStore.get().get(SloEngine.CLOSED_THROUGH);
        Map<String, Long> counters = Map.of("late_results", metrics.lateResults(), "undecodable_records", metrics.undecodableRecords());
        return new StatusReading.Ready(new StatusSnapshot(clock.millis(), closed == null ? null : Long.valueOf(closed), scopes, alerts, counters));
    }
}
