package dev.keel.alerts.internal;

import org.apache.kafka.common.TopicPartition;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One record of the pages topic while its sinks work on it: done when every sink it was routed to has
 * delivered it or given up on it for good. Counted down from the sinks' worker threads.
 */
final class PendingPage {

    private final TopicPartition partition;
    private final long offset;
    private final AtomicInteger remaining;

    PendingPage(TopicPartition partition, long offset, int sinks) {
        this.partition = partition;
        this.offset = offset;
        this.remaining = new AtomicInteger(sinks);
    }

    TopicPartition partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    void sinkDone() {
        remaining.decrementAndGet();
    }

    boolean isDone() {
        return remaining.get() <= 0;
    }
}
