package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.slo.SloMetrics;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/**
 * The Streams face of {@link SloEngine}: builds it from the task's stores in {@link #init}, feeds it
 * every observation, and schedules the wall-clock punctuator that closes windows when results stop.
 * One instance per task (the evaluation sub-topology has one), driven by its stream thread.
 */
public final class SloProcessor implements Processor<String, Observation, String, EngineOutput> {

    private final SloConfig config;
    private final SloMetrics metrics;
    private final StoreNames names;
    private final int resultPartitions;
    private ProcessorContext<String, EngineOutput> context;
    private SloEngine engine;

    public SloProcessor(SloConfig config, SloMetrics metrics, StoreNames names, int resultPartitions) {
        this.config = config;
        this.metrics = metrics;
        this.names = names;
        this.resultPartitions = resultPartitions;
    }

    /** The names of the engine's stores, as the topology registered them. */
    public record StoreNames(String minutes, String hours, String requests, String alerts, String meta, String status) {
    }

    @Override
    public void init(ProcessorContext<String, EngineOutput> context) {
        this.context = context;
        EngineStores stores = new EngineStores(store(names.minutes()), store(names.hours()), store(names.requests()),
                store(names.alerts()), store(names.meta()), store(names.status()));
        this.engine = new SloEngine(config, stores, metrics, resultPartitions, context.currentSystemTimeMs());
        context.schedule(config.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, wallNow -> forward(engine.onWallClock(wallNow)));
    }

    @Override
    public void process(Record<String, Observation> record) {
        if (record.value() != null) {
            forward(engine.onObservation(record.value(), context.currentSystemTimeMs()));
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
