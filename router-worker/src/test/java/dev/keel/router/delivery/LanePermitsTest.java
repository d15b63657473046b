package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LanePermitsTest {

    @Test
    void shouldLetAWaitingInteractiveRequestGoBeforeWaitingBatchRequests() throws Exception {
        // Given: capacity 2, both permits taken
        LanePermits permits = new LanePermits(2, 0.5);
        permits.acquire(Lane.INTERACTIVE);
        permits.acquire(Lane.INTERACTIVE);
        List<Lane> order = new CopyOnWriteArrayList<>();
        Thread batch = Thread.ofVirtual().start(() -> acquireAndRecord(permits, Lane.BATCH, order));
        await().atMost(Duration.ofSeconds(5)).until(() -> batch.getState() == Thread.State.WAITING);
        Thread interactive = Thread.ofVirtual().start(() -> acquireAndRecord(permits, Lane.INTERACTIVE, order));
        await().atMost(Duration.ofSeconds(5)).until(() -> interactive.getState() == Thread.State.WAITING);

        // When: one permit frees
        permits.release(Lane.INTERACTIVE);

        // Then: the interactive waiter gets it, although the batch waiter came first
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(order).containsExactly(Lane.INTERACTIVE));
        permits.release(Lane.INTERACTIVE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(order).containsExactly(Lane.INTERACTIVE, Lane.BATCH));
    }

    @Test
    void shouldCapTheBatchLaneAtItsShare() throws Exception {
        // Given: capacity 4, batch share 0.25 -> one batch permit
        LanePermits permits = new LanePermits(4, 0.25);
        permits.acquire(Lane.BATCH);
        List<Lane> order = new CopyOnWriteArrayList<>();

        // When
        Thread secondBatch = Thread.ofVirtual().start(() -> acquireAndRecord(permits, Lane.BATCH, order));
        permits.acquire(Lane.INTERACTIVE);

        // Then: interactive still gets in; the second batch request waits for the first
        await().atMost(Duration.ofSeconds(5)).until(() -> secondBatch.getState() == Thread.State.WAITING);
        assertThat(order).isEmpty();
        permits.release(Lane.BATCH);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(order).containsExactly(Lane.BATCH));
    }

    private static void acquireAndRecord(LanePermits permits, Lane lane, List<Lane> order) {
        try {
            permits.acquire(lane);
            order.add(lane);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
