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
 * One engine task: the scopes of one partition of the scope-partitioned topic. Adds each partial
 * bucket from the intakes to its minute bucket, counts requests (on the partition of {@code global}),
 * and closes windows as the source partitions' watermarks pass them ({@link WatermarkClock}). A window
 * [s, s + w) closes when effective time reaches s + w + grace; a partial for a closed window is late:
 * counted (once per result, on the {@code global} scope), logged and left out. Closing is delegated to
 * {@link WindowCloser}.
 *
 * <p>Owned by the stream thread of its task; created in the processor's {@code init} from its stores,
 * so a restart resumes from the changelogged state.
 */
public final class SloEngine {

    private static final Logger LOGGER = LoggerFactory.getLogger(SloEngine.class);
    /** Meta-store key of the end of the last closed window (read by the status endpoint). */
    public static final String CLOSED_THROUGH = "closed-through";
    private static final String EARLIEST = "earliest";

    private final EngineStores stores;
    private final SloMetrics metrics;
    private final long windowMs;
    private final long graceMs;
    private final WindowCloser closer;
    private final WatermarkClock clock;
    private Long closedCache;

    /**
     * @param ownsGlobal whether this task is the one the {@code global} scope partitions to: only that task evaluates
     *                   {@code global} when no result of it is in the window (the results-absent rule); another task
     *                   doing so would write an empty {@code global} status that the status join could prefer
     */
    public SloEngine(SloConfig config, EngineStores stores, SloMetrics metrics, int sourcePartitions, boolean ownsGlobal) {
        this.stores = stores;
        this.metrics = metrics;
        this.windowMs = config.window().toMillis();
        this.graceMs = config.grace().toMillis();
        Set<Lane> latencyLanes = config.includeBatchInLatency() ? EnumSet.allOf(Lane.class) : EnumSet.of(Lane.INTERACTIVE);
        this.closer = new WindowCloser(config, stores, latencyLanes, ownsGlobal);
        this.clock = new WatermarkClock(sourcePartitions, config.idlePartitionTimeout().toMillis());
    }

    public List<EngineOutput> onInput(EngineInput input, long wallNow) {
        return switch (input) {
            case EngineInput.Batch b -> {
                List<EngineOutput> out = new ArrayList<>();
                for (EngineInput element : b.inputs()) {
                    out.addAll(onInput(element, wallNow));
                }
                yield out;
            }
            case EngineInput.Partial p -> {
                onPartial(p);
                yield List.of();
            }
            case EngineInput.Requests r -> {
                noteEarliest(r.minute());
                String key = BucketKeys.time(r.minute());
                Long count = stores.requests().get(key);
                stores.requests().put(key, count == null ? r.count() : count + r.count());
                yield List.of();
            }
            case EngineInput.Watermark w -> {
                clock.accept(w, wallNow);
                yield closeDue(wallNow);
            }
        };
    }

    /** End of the last closed window (event time), or null before the first. */
    public Long closedThrough() {
        if (closedCache == null) {
            closedCache = readLongOrNull(CLOSED_THROUGH);
        }
        return closedCache;
    }

    private void onPartial(EngineInput.Partial p) {
        Long closed = closedThrough();
        if (closed != null && p.minute() < closed) {
            dropLate(p, closed);
            return;
        }
        noteEarliest(p.eventTime() != 0 ? p.eventTime() : p.minute());
        stores.minutes().forUpdate(BucketKeys.key(p.minute(), p.scope(), p.lane())).merge(p.bucket(), true);
    }

    private void dropLate(EngineInput.Partial p, long closed) {
        if (!p.scope().equals(ScopeResolver.GLOBAL)) {
            LOGGER.debug("late partial dropped scope={} window_start={} count={}", p.scope(), p.minute(), p.bucket().count());
            return;
        }
        for (long i = 0; i < p.bucket().count(); i++) {
            metrics.lateResult();
        }
        if (p.requestId() != null) {
            LOGGER.warn("late result dropped request_id={} completed_at={} window_start={} closed_through={} behind_ms={}",
                    p.requestId(), p.eventTime(), p.minute(), closed, closed - p.eventTime());
        } else {
            LOGGER.warn("late results dropped count={} window_start={} closed_through={}", p.bucket().count(), p.minute(), closed);
        }
    }

    /** Until the first window closes, the earliest observation decides where closing starts. */
    private void noteEarliest(long eventTime) {
        if (closedThrough() == null) {
            Long earliest = readLongOrNull(EARLIEST);
            if (earliest == null || eventTime < earliest) {
                stores.meta().put(EARLIEST, Long.toString(eventTime));
            }
        }
    }

    private List<EngineOutput> closeDue(long wallNow) {
        long effective = clock.effective(wallNow);
        if (effective == WatermarkClock.NOT_YET) {
            return List.of();
        }
        Long storedClosed = closedThrough();
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
            closedCache = closed;
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
