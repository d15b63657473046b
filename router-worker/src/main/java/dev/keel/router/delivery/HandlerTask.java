package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One record's handling on its own virtual thread: a processing permit, then the handler, retried
 * up to {@link RequestConsumer#HANDLER_ATTEMPTS} times with a growing pause, then
 * {@link RecordHandler#giveUp}. The task outlives the assignment that started it: when its partition
 * is revoked mid-run and comes back to this worker, the redelivered record adopts the running task
 * ({@link #owner}) instead of calling a provider a second time.
 */
final class HandlerTask implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(HandlerTask.class);
    static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(100);

    final ConsumerRecord<byte[], byte[]> record;
    final TopicPartition partition;
    final Lane lane;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final RecordHandler handler;
    private final LanePermits permits;
    /** The ledger this task reports to; null while orphaned. Poll thread only. */
    PartitionLedger owner;

    HandlerTask(ConsumerRecord<byte[], byte[]> record, TopicPartition partition, Lane lane, RecordHandler handler,
                LanePermits permits, PartitionLedger owner) {
        this.record = record;
        this.partition = partition;
        this.lane = lane;
        this.handler = handler;
        this.permits = permits;
        this.owner = owner;
    }

    @Override
    public void run() {
        try {
            permits.acquire(lane);
        } catch (InterruptedException e) {
            outcome.completeExceptionally(e);
            return;
        }
        try {
            outcome.complete(attempt());
        } catch (InterruptedException e) {
            outcome.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            outcome.completeExceptionally(e);
            throw e;
        } finally {
            permits.release(lane);
        }
    }

    private Outcome attempt() throws InterruptedException {
        Duration pause = FIRST_RETRY_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return handler.handle(record, lane);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= RequestConsumer.HANDLER_ATTEMPTS) {
                    LOGGER.error("Giving up on a record after {} attempts topic={} partition={} offset={}: {}",
                            attempt, record.topic(), record.partition(), record.offset(), e.toString());
                    return handler.giveUp(record, lane, e);
                }
                LOGGER.warn("Record handling failed, retrying attempt={} topic={} partition={} offset={}: {}",
                        attempt, record.topic(), record.partition(), record.offset(), e.toString());
                // Bounded retries with a doubling pause, on this record's own virtual thread: nothing else waits
                // on it, and the pause gives a transient fault (Redis, a provider's connection) time to pass.
                Thread.sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }
}
