package dev.keel.slo.internal;

import dev.keel.schemas.Lane;

/**
 * What the scope intake sends the engine over the scope-partitioned topic
 * ({@code <app-id>-slo-scopes-repartition}): partial minute buckets of one scope (keyed by scope),
 * request counts (keyed {@code global}) and event-time watermarks (sent to every partition).
 * Records of one intake task reach each engine partition in the order it sent them, so every partial a
 * watermark covers arrives before it.
 */
public sealed interface EngineInput {

    /**
     * Results of one source partition for one minute, scope and lane, aggregated by the intake.
     * {@code requestId} and {@code eventTime} are set when the partial holds one result the intake had
     * already announced past (it may be late), so a late drop can name it; otherwise null and 0.
     */
    record Partial(long minute, String scope, Lane lane, Bucket bucket, String requestId, long eventTime) implements EngineInput {
    }

    /** Requests counted by one source partition in one minute (for {@code results_absent}). */
    record Requests(long minute, long count) implements EngineInput {
    }

    /**
     * The event clock of source partition {@code source}: {@code clock} = the largest {@code completed_at}
     * it accepted ({@link #UNKNOWN} before any), {@code progress} = clock (else the first observation's
     * event time) plus the wall time since its last result ({@link #UNKNOWN} before any observation), and
     * {@code idle} once no result came for the idle-partition timeout.
     */
    record Watermark(int source, long clock, long progress, boolean idle) implements EngineInput {
        public static final long UNKNOWN = Long.MIN_VALUE;
    }

    /**
     * What one intake sends one engine partition at once, in the order the engine must apply it (partials and
     * request counts, then, at an announcement, the watermark): one record on the internal topic instead of one
     * per partial, since at a few results per minute, scope and lane a partial is nearly a record per result.
     * {@code partition} is the engine partition it goes to; {@code inputs} hold no batch.
     */
    record Batch(int partition, java.util.List<EngineInput> inputs) implements EngineInput {
        public Batch {
            inputs = java.util.List.copyOf(inputs);
        }
    }
}
