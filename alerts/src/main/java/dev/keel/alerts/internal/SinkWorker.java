package dev.keel.alerts.internal;

import dev.keel.alerts.AlertsMetrics;
import dev.keel.alerts.DeliveryOutcome;
import dev.keel.alerts.LedgerEntry;
import dev.keel.alerts.PageId;
import dev.keel.alerts.SendOutcome;
import dev.keel.alerts.Sink;
import dev.keel.config.AlertRetryConfig;
import dev.keel.schemas.PageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One sink's bounded queue and its own thread: takes pages in order, makes attempts with exponential
 * backoff (honouring {@code Retry-After} up to the cap) until the sink accepts, refuses for good, or the
 * give-up budget (counted from when the page entered the queue) is spent; then writes the outcome to the
 * ledger and marks the page done for this sink. A full queue gives a new page up at once, so a dead sink
 * never holds the consumer or the other sinks back. Lifecycle: {@link #start()}, {@link #stop()}.
 */
public final class SinkWorker {

    private static final Logger LOGGER = LoggerFactory.getLogger(SinkWorker.class);

    private record Delivery(PageEvent page, PageId id, PendingPage pending, long enqueuedAt) {
    }

    private final Sink sink;
    private final AlertRetryConfig retry;
    private final BlockingQueue<Delivery> queue;
    private final DeliveryLedger ledger;
    private final AlertsMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Thread thread;
    private volatile boolean busy;

    SinkWorker(Sink sink, AlertRetryConfig retry, int capacity, DeliveryLedger ledger, AlertsMetrics metrics, Clock clock, Sleeper sleeper) {
        this.sink = sink;
        this.retry = retry;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
        this.sleeper = sleeper;
        this.thread = Thread.ofPlatform().daemon().name("keel-alerts-" + sink.name()).unstarted(this::run);
        metrics.backlog(sink.name(), () -> queue.size() + (busy ? 1 : 0));
    }

    String name() {
        return sink.name();
    }

    void start() {
        thread.start();
    }

    /** Queues a page; when the queue is full the page is given up at once (recorded, counted, logged). */
    void offer(PageEvent page, PageId id, PendingPage pending) {
        Delivery d = new Delivery(page, id, pending, clock.millis());
        if (!queue.offer(d)) {
            finish(d, DeliveryOutcome.GAVE_UP, "queue full (" + (queue.size()) + " pages waiting): sink too slow or down", 0);
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Delivery d = queue.take();
                busy = true;
                deliver(d);
                busy = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Delivery d) throws InterruptedException {
        long deadline = d.enqueuedAt() + retry.giveUpAfter().toMillis();
        Duration backoff = retry.initialBackoff();
        int attempts = 0;
        while (true) {
            attempts++;
            SendOutcome outcome = sink.send(d.page());
            switch (outcome) {
                case SendOutcome.Accepted accepted -> {
                    metrics.attempt(sink.name(), "accepted");
                    finish(d, DeliveryOutcome.DELIVERED, "", attempts);
                    return;
                }
                case SendOutcome.Rejected rejected -> {
                    metrics.attempt(sink.name(), "rejected");
                    finish(d, DeliveryOutcome.GAVE_UP, "refused: " + rejected.reason(), attempts);
                    return;
                }
                case SendOutcome.Retryable r -> {
                    metrics.attempt(sink.name(), "retry");
                    Duration wait = r.retryAfter().map(a -> min(a, retry.maxBackoff())).orElse(backoff);
                    if (clock.millis() + wait.toMillis() > deadline) {
                        finish(d, DeliveryOutcome.GAVE_UP, "gave up after " + attempts + " attempts in " + retry.giveUpAfter()
                                + ": " + r.reason(), attempts);
                        return;
                    }
                    LOGGER.info("Page not delivered yet sink={} page={} attempt={} reason=\"{}\" retry_in_ms={}", sink.name(), d.id(),
                            attempts, r.reason(), wait.toMillis());
                    sleeper.sleep(wait);
                    backoff = min(backoff.multipliedBy(2), retry.maxBackoff());
                }
            }
        }
    }

    private void finish(Delivery d, DeliveryOutcome outcome, String reason, int attempts) {
        PageEvent p = d.page();
        LedgerEntry entry = new LedgerEntry(sink.name(), d.id().value(), p.getAlertKey(), p.getState().name(), p.getEvaluatedAt(),
                p.getSeverity().name(), outcome, reason, attempts, clock.millis());
        metrics.delivery(sink.name(), outcome);
        if (outcome == DeliveryOutcome.GAVE_UP) {
            LOGGER.warn("Page undelivered sink={} page={} attempts={} reason=\"{}\" (recorded in the delivery ledger)", sink.name(),
                    d.id(), attempts, reason);
        } else {
            LOGGER.info("Page delivered sink={} page={} attempts={}", sink.name(), d.id(), attempts);
        }
        ledger.record(entry, d.pending()::sinkDone);
    }

    /** Whether pages are waiting or being sent. */
    boolean idle() {
        return queue.isEmpty() && !busy;
    }

    void stop() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
