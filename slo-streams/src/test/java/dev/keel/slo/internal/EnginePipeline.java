package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.slo.SloMetrics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The engine's two stages without Kafka: one {@link ScopeIntake} per source partition (each with its
 * own mock context, stores and wall clock) feeding one {@link SloEngine} with everything they send, in
 * the order they send it (one engine partition holding every scope).
 */
final class EnginePipeline {

    private final List<MockProcessorContext<String, EngineInput>> contexts = new ArrayList<>();
    private final List<ScopeIntake> intakes = new ArrayList<>();
    private final SloEngine engine;

    EnginePipeline(SloConfig config, SloMetrics metrics, int partitions, long wallStart) {
        for (int p = 0; p < partitions; p++) {
            MockProcessorContext<String, EngineInput> context = new MockProcessorContext<>(new Properties(), new TaskId(0, p), null);
            context.setCurrentSystemTimeMs(wallStart);
            PendingStore pending = new PendingStore("pending", store(context, "pending-backing", Serdes.ByteArray()));
            pending.init(context.getStateStoreContext(), pending);
            context.addStateStore(pending);
            context.addStateStore(store(context, "intake", Serdes.String()));
            ScopeIntake intake = new ScopeIntake(config, "pending", "intake", List.of("results"), 1);
            intake.init(context);
            contexts.add(context);
            intakes.add(intake);
        }
        MockProcessorContext<Object, Object> engineContext = new MockProcessorContext<>();
        EngineStores stores = new EngineStores(new BucketStore("m", store(engineContext, "m", Serdes.ByteArray())),
                new BucketStore("h", store(engineContext, "h", Serdes.ByteArray())),
                store(engineContext, "r", Serdes.Long()), store(engineContext, "a", Serdes.ByteArray()),
                store(engineContext, "meta", Serdes.String()), store(engineContext, "s", Serdes.String()));
        this.engine = new SloEngine(config, stores, metrics, partitions, true);
    }

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<?, ?> context, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** One observation read by the intake of its source partition at {@code wall}; what the engine emitted. */
    List<EngineOutput> observe(Observation o, long wall) {
        int p = o.sourcePartition();
        contexts.get(p).setCurrentSystemTimeMs(wall);
        intakes.get(p).process(new org.apache.kafka.streams.processor.api.Record<>("slo", o, o.eventTime()));
        return deliver(p, wall);
    }

    /** The wall-clock tick of every intake, in partition order. */
    List<EngineOutput> tick(long wall) {
        List<EngineOutput> out = new ArrayList<>();
        for (int p = 0; p < intakes.size(); p++) {
            out.addAll(tick(p, wall));
        }
        return out;
    }

    /** The wall-clock tick of one intake. */
    List<EngineOutput> tick(int partition, long wall) {
        MockProcessorContext<String, EngineInput> context = contexts.get(partition);
        context.setCurrentSystemTimeMs(wall);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wall));
        return deliver(partition, wall);
    }

    Long closedThrough() {
        return engine.closedThrough();
    }

    private List<EngineOutput> deliver(int partition, long wall) {
        MockProcessorContext<String, EngineInput> context = contexts.get(partition);
        List<EngineOutput> out = new ArrayList<>();
        for (MockProcessorContext.CapturedForward<? extends String, ? extends EngineInput> f : context.forwarded()) {
            // Through the wire format, as on the internal topic.
            EngineInput input = EngineInputSerde.read(EngineInputSerde.write(f.record().value()));
            out.addAll(engine.onInput(input, wall));
        }
        context.resetForwards();
        return out;
    }

}
