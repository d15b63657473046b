package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import dev.keel.schemas.Lane;
import dev.keel.slo.SloMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The SLO engine's intake: adds each result to its minute buckets (one per scope and lane), counts
 * requests, and closes windows as effective time passes them. Effective time comes from an
 * {@link EventClock} (per results partition: the largest {@code completed_at} seen plus the wall
 * time since that partition's last result; the minimum over active partitions), so a fast replay
 * closes windows on event time alone while a quiet live system keeps moving. A window [s, s + w)
 * closes when effective time reaches s + w + grace; a result for a closed window is late: counted,
 * logged and left out. Closing is delegated to {@link WindowCloser}.
 *
 * <p>Owned by one stream thread (the single task of the evaluation sub-topology); created in the
 * processor's {@code init} from its stores, so a restart resumes from the changelogged state.
 */
public final class SloEngine {

    private static final Logger LOGGER = LoggerFactory.getLogger(SloEngine.class);
    /** Meta-store key of the end of the last closed window (read by the status endpoint). */
    public static final String CLOSED_THROUGH = "closed-through";
    private static final String EARLIEST = "earliest";

    private final SloConfig config;
    private final EngineStores stores;
    private final SloMetrics metrics;
    private final long windowMs;
    private final long graceMs;
    private final ScopeResolver scopes;
    private final WindowCloser closer;
    private final EventClock clock;

    public SloEngine(SloConfig config, EngineStores stores, SloMetrics metrics, int resultPartitions, long wallNow) {
        this.config = config;
        this.stores = stores;
        this.metrics = metrics;
        this.windowMs = config.window().toMillis();
        this.graceMs = config.grace().toMillis();
        this.scopes = new ScopeResolver(config, stores.meta());
        Set<Lane> latencyLanes = config.includeBatchInLatency() ? EnumSet.allOf(Lane.class) : EnumSet.of(Lane.INTERACTIVE);
        this.closer = new WindowCloser(config, stores, latencyLanes);
        this.clock = new EventClock(stores.meta(), resultPartitions, wallNow);
    }

    public List<EngineOutput> onObservation(Observation o, long wallNow) {
        return o.isResult() ? onResult(o, wallNow) : onRequest(o, wallNow);
    }

    /** The wall-clock tick: closes the windows that effective time has passed. */
    public List<EngineOutput> onWallClock(long wallNow) {
        return closeDue(wallNow);
    }

    /** End of the last closed window (event time), or null before the first result. */
    public Long closedThrough() {
        return readLongOrNull(CLOSED_THROUGH);
    }

    private List<EngineOutput> onResult(Observation result, long wallNow) {
        startClockIfNeeded(result.eventTime(), wallNow);
        Long closed = readLongOrNull(CLOSED_THROUGH);
        long windowStart = floor(result.eventTime());
        if (closed != null && windowStart < closed) {
            metrics.lateResult();
            LOGGER.warn("late result dropped request_id={} completed_at={} window_start={} closed_through={} behind_ms={}",
                    result.requestId(), result.eventTime(), windowStart, closed, closed - result.eventTime());
            return List.of();
        }
        for (String scope : scopes.scopesOf(result)) {
            String key = BucketKeys.key(windowStart, scope, result.lane());
            byte[] stored = stores.minutes().get(key);
            Bucket bucket = stored == null ? Bucket.empty() : Bucket.decode(stored, true);
            bucket.add(result, config.objectivesFor(scope).latencyTarget().toMillis());
            stores.minutes().put(key, bucket.encode());
        }
        clock.advance(result.sourcePartition(), result.eventTime(), wallNow);
        noteEarliest(result.eventTime());
        return closeDue(wallNow);
    }

    private List<EngineOutput> onRequest(Observation request, long wallNow) {
        // Requests never move the clock (a replay of requests must not make later results late),
        // except to start it when no result was ever seen, so dead-from-the-start workers still page.
        startClockIfNeeded(request.eventTime(), wallNow);
        noteEarliest(request.eventTime());
        String key = BucketKeys.time(floor(request.eventTime()));
        Long count = stores.requests().get(key);
        stores.requests().put(key, count == null ? 1 : count + 1);
        return closeDue(wallNow);
    }

    private void startClockIfNeeded(long eventTime, long wallNow) {
        if (!clock.started()) {
            clock.start(eventTime, wallNow);
            LOGGER.info("SLO clock started event_time={}", eventTime);
        }
    }

    /** Until the first window closes, the earliest observation decides where closing starts. */
    private void noteEarliest(long eventTime) {
        if (stores.meta().get(CLOSED_THROUGH) == null) {
            Long earliest = readLongOrNull(EARLIEST);
            if (earliest == null || eventTime < earliest) {
                stores.meta().put(EARLIEST, Long.toString(eventTime));
            }
        }
    }

    private List<EngineOutput> closeDue(long wallNow) {
        if (!clock.started()) {
            return List.of();
        }
        long effective = clock.effective(wallNow, config.idlePartitionTimeout().toMillis());
        if (effective == EventClock.NOT_YET) {
            return List.of();
        }
        Long storedClosed = readLongOrNull(CLOSED_THROUGH);
        Long earliest = readLongOrNull(EARLIEST);
        if (storedClosed == null && earliest == null) {
            return List.of();
        }
        long closed = storedClosed != null ? storedClosed : floor(earliest);
        List<EngineOutput> out = new ArrayList<>();
        while (closed + windowMs + graceMs <= effective) {
            long lastDue = Math.floorDiv(effective - graceMs - windowMs, windowMs) * windowMs;
            long skipTo = lastDue > closed ? closer.quietUntil(closed, lastDue) : closed;
            if (skipTo > closed) {
                // Nothing stored can change an output before skipTo: jump over the empty closes.
                LOGGER.info("SLO engine skipped quiet windows from={} to={}", closed, skipTo);
                closed = skipTo;
            }
            out.addAll(closer.close(closed, closed + windowMs, wallNow, metrics));
            closed += windowMs;
            stores.meta().put(CLOSED_THROUGH, Long.toString(closed));
        }
        return out;
    }

    private long floor(long t) {
        return Math.floorDiv(t, windowMs) * windowMs;
    }

    private Long readLongOrNull(String key) {
        String value = stores.meta().get(key);
        return value == null ? null : Long.parseLong(value);
    }
}
