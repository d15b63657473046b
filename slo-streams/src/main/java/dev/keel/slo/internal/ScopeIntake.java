package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.schemas.Lane;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first stage of the engine, one task per source partition: resolves each result's scopes, adds it
 * to in-memory partial buckets per minute, scope and lane ({@link PendingStore}: no store write or
 * sketch encoding per result), counts requests per minute, and keeps the partition's event clock. It
 * sends its partials (keyed by scope) and then a {@link EngineInput.Watermark} (to every engine partition)
 * whenever its clock lets a new window close, and on every wall-clock tick. Because every partial goes
 * out before the watermark that could close its window, and each engine task closes a window only when
 * every source partition's watermark passed it, windows close on event time alone, the same way
 * whatever the number of instances. A result for a minute this partition already announced past is
 * sent alone with its request id, so the engine can name it if it is late. Stream-thread only.
 */
public final class ScopeIntake implements Processor<String, Observation, String, EngineInput> {

    static final String REQUESTS_SCOPE = "|requests";
    private static final String CLOCK = "intake-clock";
    private static final String START = "intake-start";
    private static final long UNKNOWN = EngineInput.Watermark.UNKNOWN;

    private final SloConfig config;
    private final String pendingName;
    private final String metaName;
    private final long windowMs;
    private final long graceMs;
    private final long idleMs;
    private ProcessorContext<String, EngineInput> context;
    private PendingStore pending;
    private KeyValueStore<String, String> meta;
    private ScopeResolver scopes;
    private int source;
    private long clock = UNKNOWN;
    private long start = UNKNOWN;
    private long anchor;
    private long announced = UNKNOWN;
    private boolean announcedIdle;
    private boolean restored;

    private final java.util.List<String> sourceTopics;
    private LagProbe lag;

    private final int enginePartitions;
    private final Map<String, Integer> partitionOfScope = new HashMap<>();

    /** @param enginePartitions the partition count of the scope-partitioned topic: one batch per partition at each announcement */
    public ScopeIntake(SloConfig config, String pendingName, String metaName, java.util.List<String> sourceTopics, int enginePartitions) {
        this.config = config;
        this.enginePartitions = enginePartitions;
        this.sourceTopics = sourceTopics;
        this.pendingName = pendingName;
        this.metaName = metaName;
        this.windowMs = config.window().toMillis();
        this.graceMs = config.grace().toMillis();
        this.idleMs = config.idlePartitionTimeout().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, EngineInput> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingName);
        this.meta = context.getStateStore(metaName);
        this.scopes = new ScopeResolver(config, meta);
        this.source = context.taskId().partition();
        this.anchor = context.currentSystemTimeMs();
        this.lag = context.appConfigs().get(LagProbe.CONFIG_KEY) instanceof LagProbe probe ? probe : null;
        context.schedule(config.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::announce);
    }

    @Override
    public void process(Record<String, Observation> record) {
        Observation o = record.value();
        if (o == null) {
            return;
        }
        long wall = context.currentSystemTimeMs();
        restoreClock();
        if (start == UNKNOWN) {
            start = o.eventTime();
            anchor = wall;
        }
        long minute = Math.floorDiv(o.eventTime(), windowMs) * windowMs;
        if (!o.isResult()) {
            pending.bucket(new PendingStore.Key(minute, REQUESTS_SCOPE, Lane.INTERACTIVE)).addCount(1);
            return;
        }
        boolean mayBeClosed = announcedIdle || (announced != UNKNOWN && minute + windowMs + graceMs <= announced);
        for (String scope : scopes.scopesOf(o)) {
            long target = config.objectivesFor(scope).latencyTarget().toMillis();
            if (mayBeClosed) {
                Bucket alone = Bucket.empty();
                alone.add(o, target);
                int p = partitionOf(scope);
                context.forward(new Record<>(key(p), new EngineInput.Batch(p,
                        List.of(new EngineInput.Partial(minute, scope, o.lane(), alone, o.requestId(), o.eventTime()))), record.timestamp()));
            } else {
                pending.bucket(new PendingStore.Key(minute, scope, o.lane())).add(o, target);
            }
        }
        long before = clock;
        clock = clock == UNKNOWN ? o.eventTime() : Math.max(clock, o.eventTime());
        anchor = wall;
        if (announcedIdle || before == UNKNOWN || closable(clock) > closable(before)) {
            announce(wall);
        }
    }

    /** The end of the last window a clock at {@code t} lets close. */
    private long closable(long t) {
        return Math.floorDiv(t - graceMs, windowMs);
    }

    /**
     * Sends every pending partial, then this partition's watermark: one {@link EngineInput.Batch} per engine
     * partition, its partials (by the partition of their scope; request counts with {@code global}) before the watermark.
     */
    private void announce(long wall) {
        restoreClock();
        List<List<EngineInput>> batches = new ArrayList<>(enginePartitions);
        for (int p = 0; p < enginePartitions; p++) {
            batches.add(new ArrayList<>());
        }
        for (Map.Entry<PendingStore.Key, Bucket> e : pending.drain().entrySet()) {
            PendingStore.Key k = e.getKey();
            boolean requests = k.scope().equals(REQUESTS_SCOPE);
            EngineInput input = requests
                    ? new EngineInput.Requests(k.minute(), e.getValue().count())
                    : new EngineInput.Partial(k.minute(), k.scope(), k.lane(), e.getValue(), null, 0);
            batches.get(partitionOf(requests ? ScopeResolver.GLOBAL : k.scope())).add(input);
        }
        long since = Math.max(0, wall - anchor);
        long base = clock != UNKNOWN ? clock : start;
        // A partition whose consumer still reports lag is catching up (its task waited for the CPU), not quiet: its
        // progress stays at its clock, so a slow replay never closes a window its own buffered results belong to.
        // Asked only once the wall-clock part could matter (the lag metrics are not free to read).
        boolean catchingUp = since >= Math.min(idleMs, graceMs / 2) && lag != null && lag.hasLag(sourceTopics, source);
        long progress = base == UNKNOWN ? UNKNOWN : base + (catchingUp ? 0 : since);
        boolean idle = since >= idleMs && !catchingUp;
        EngineInput.Watermark watermark = new EngineInput.Watermark(source, clock, progress, idle);
        for (int p = 0; p < enginePartitions; p++) {
            List<EngineInput> batch = batches.get(p);
            batch.add(watermark);
            context.forward(new Record<>(key(p), new EngineInput.Batch(p, batch), wall));
        }
        announced = progress;
        announcedIdle = idle;
        if (clock != UNKNOWN) {
            meta.put(CLOCK, Long.toString(clock));
        }
        if (start != UNKNOWN) {
            meta.put(START, Long.toString(start));
        }
    }

    private int partitionOf(String scope) {
        return partitionOfScope.computeIfAbsent(scope, s -> ScopePartitioner.partitionOf(s, enginePartitions));
    }

    /** The key of a batch on the internal topic (the partitioner routes by the batch's partition; the engine ignores keys). */
    private static String key(int partition) {
        return "engine-" + partition;
    }

    /** Reads the clock kept by an earlier run of this task once the store is restored. */
    private void restoreClock() {
        if (restored) {
            return;
        }
        restored = true;
        String c = meta.get(CLOCK);
        String s = meta.get(START);
        clock = c == null ? clock : Math.max(clock, Long.parseLong(c));
        start = s == null ? start : Long.parseLong(s);
    }

    /** For tests and tools: the scopes a result of this task would count in. */
    List<String> scopesOf(Observation o) {
        return scopes.scopesOf(o);
    }
}
