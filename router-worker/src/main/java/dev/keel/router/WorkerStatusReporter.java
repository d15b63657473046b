package dev.keel.router;

import dev.keel.config.DeliveryGuarantee;
import dev.keel.kafka.Topic;
import dev.keel.router.control.ControlListener;
import dev.keel.router.control.ControlState;
import dev.keel.router.delivery.WorkerHealth;
import dev.keel.router.routing.ProviderCooldowns;
import dev.keel.schemas.ProviderState;
import dev.keel.schemas.WorkerStatus;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Publishes this worker's state (health and delivery guarantee, bypass, in-flight, cooldown and
 * disabled state per provider, control lag and how far behind the control topic it is) to the
 * compacted {@code keel.workers} topic every {@link #INTERVAL}, so {@code keel status} can show every
 * worker without talking to each one. The last report of a clean shutdown says {@code stopped}; a
 * worker that died simply stops reporting, and its age shows it. Lifecycle: {@link #start()}, then
 * {@link #close()}; sends are fire-and-forget on a plain (non-transactional) producer.
 */
final class WorkerStatusReporter implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOGGER = LoggerFactory.getLogger(WorkerStatusReporter.class);

    private final String workerId;
    private final Producer<byte[], byte[]> producer;
    private final Topic<String, WorkerStatus> topic;
    private final ControlState control;
    private final ControlListener listener;
    private final ProviderCooldowns cooldowns;
    private final IntSupplier inFlight;
    private final WorkerHealth health;
    private final DeliveryGuarantee delivery;
    private final Clock clock;
    private final long startedAt;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("keel-worker-status").unstarted(runnable));

    WorkerStatusReporter(String workerId, Producer<byte[], byte[]> producer, Topic<String, WorkerStatus> topic, ControlState control,
                         ControlListener listener, ProviderCooldowns cooldowns, IntSupplier inFlight, WorkerHealth health,
                         DeliveryGuarantee delivery, Clock clock) {
        this.workerId = workerId;
        this.producer = producer;
        this.topic = topic;
        this.control = control;
        this.listener = listener;
        this.cooldowns = cooldowns;
        this.inFlight = inFlight;
        this.health = health;
        this.delivery = delivery;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    WorkerStatusReporter start() {
        timer.scheduleAtFixedRate(() -> publish(false), 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    WorkerStatus status(boolean stopped) {
        List<ProviderState> providers = new ArrayList<>();
        cooldowns.states().forEach((name, state) -> providers.add(new ProviderState(name, state, control.isDisabled(name))));
        long lag = control.lastApplyLagMs();
        long behind = listener.behind();
        long checkedAt = listener.checkedAt();
        return WorkerStatus.newBuilder()
                .setWorkerId(workerId)
                .setReportedAt(clock.millis())
                .setStartedAt(startedAt)
                .setStopped(stopped)
                .setBypass(control.bypass())
                .setInFlight(stopped ? 0 : inFlight.getAsInt())
                .setProviders(providers)
                .setControlLagMs(lag < 0 ? null : lag)
                .setDelivery(delivery.id())
                .setHealth(health.state().name())
                .setHealthDetail(health.detail())
                .setControlBehind(behind < 0 ? null : behind)
                .setControlCheckedAt(checkedAt < 0 ? null : checkedAt)
                .setControlSkipped(listener.skipped())
                .build();
    }

    private void publish(boolean stopped) {
        try {
            producer.send(topic.serialized(workerId, status(stopped)), (meta, error) -> {
                if (error != null) {
                    LOGGER.debug("Worker status not published: {}", error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOGGER.debug("Worker status not published: {}", e.toString());
        }
    }

    /** Stops reporting and sends the final {@code stopped} report (before the producer closes). */
    @Override
    public void close() {
        timer.shutdownNow();
        publish(true);
        producer.flush();
    }
}
