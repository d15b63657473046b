package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.slo.SloMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/**
 * The Streams face of {@link SloEngine}: builds it from the task's stores in {@link #init} and feeds it
 * every input of its partition of the scope-partitioned topic. Windows close when watermarks arrive
 * (the intakes send one every wall-clock tick, so rules keep moving when traffic stops). One instance
 * per engine task, driven by its stream thread.
 */
public final class SloProcessor implements Processor<String, EngineInput, String, EngineOutput> {

    private final SloConfig config;
    private final SloMetrics metrics;
    private final StoreNames names;
    private final int sourcePartitions;
    private final int enginePartitions;
    private ProcessorContext<String, EngineOutput> context;
    private SloEngine engine;

    /** @param enginePartitions the scope-partitioned topic's partition count: which task owns {@code global} */
    public SloProcessor(SloConfig config, SloMetrics metrics, StoreNames names, int sourcePartitions, int enginePartitions) {
        this.config = config;
        this.metrics = metrics;
        this.names = names;
        this.sourcePartitions = sourcePartitions;
        this.enginePartitions = enginePartitions;
    }

    /** The names of the engine's stores, as the topology registered them. */
    public record StoreNames(String minutes, String hours, String requests, String alerts, String meta, String status) {
    }

    @Override
    public void init(ProcessorContext<String, EngineOutput> context) {
        this.context = context;
        EngineStores stores = new EngineStores(context.getStateStore(names.minutes()), context.getStateStore(names.hours()), store(names.requests()),
                store(names.alerts()), store(names.meta()), store(names.status()));
        boolean ownsGlobal = ScopePartitioner.partitionOf(ScopeResolver.GLOBAL, enginePartitions) == context.taskId().partition();
        this.engine = new SloEngine(config, stores, metrics, sourcePartitions, ownsGlobal);
    }

    @Override
    public void process(Record<String, EngineInput> record) {
        if (record.value() != null) {
            forward(engine.onInput(record.value(), context.currentSystemTimeMs()));
        }
    }

    private void forward(List<EngineOutput> outputs) {
        for (EngineOutput output : outputs) {
            context.forward(new Record<>(output.key(), output, output.timestamp()));
        }
    }

    private <K, V> KeyValueStore<K, V> store(String name) {
        return context.getStateStore(name);
    }
}
