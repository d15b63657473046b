package dev.keel.router;

import dev.keel.config.KeelConfig;
import dev.keel.config.ProviderConfig;
import dev.keel.config.Secret;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.providers.ProviderClient;
import dev.keel.providers.ProviderClients;
import dev.keel.router.budget.BudgetGate;
import dev.keel.router.budget.BudgetLedger;
import dev.keel.router.budget.BudgetLedgers;
import dev.keel.router.budget.TokenCounter;
import dev.keel.router.cache.ResponseCache;
import dev.keel.router.cache.ResponseCaches;
import dev.keel.router.control.ControlListener;
import dev.keel.router.control.ControlState;
import dev.keel.router.delivery.RecordHandler;
import dev.keel.router.delivery.RequestConsumer;
import dev.keel.router.delivery.WorkerHealth;
import dev.keel.router.pipeline.DeadLetters;
import dev.keel.router.pipeline.RecentRequests;
import dev.keel.router.pipeline.RequestHandler;
import dev.keel.router.pipeline.ReplyTopics;
import dev.keel.router.pipeline.RequestValidator;
import dev.keel.router.pipeline.ResultOutcomes;
import dev.keel.router.routing.Pause;
import dev.keel.router.routing.ProviderCooldowns;
import dev.keel.router.routing.RouterSettings;
import dev.keel.router.routing.RoutePlanner;
import dev.keel.router.routing.Router;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One router worker: consumes both request lanes, serves each request (budget, cache, routing,
 * providers) and publishes its result. Workers of one group share the partitions; any number can
 * run. Lifecycle: {@link #start} returns once the control state is loaded and the consumer runs;
 * {@link #close} stops consuming, lets in-flight requests finish for {@code worker.shutdown-grace},
 * commits what is done and releases every client. Thread-safe.
 */
public final class RouterWorker implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RouterWorker.class);

    /** Injected time, randomness, environment and meters (tests and the demo replace them). */
    public record Options(Clock clock, MeterRegistry meters, Function<String, String> env, RandomGenerator random, Pause pause) {
        public static Options defaults() {
            return new Options(Clock.systemUTC(), new SimpleMeterRegistry(), System::getenv, RandomGenerator.getDefault(), Pause.REAL);
        }
    }

    private final String workerId;
    private final ControlState control;
    private final ProviderCooldowns cooldowns;
    private final RequestConsumer consumer;
    private final Thread consumerThread;
    private final List<AutoCloseable> resources;

    private RouterWorker(String workerId, ControlState control, ProviderCooldowns cooldowns, RequestConsumer consumer,
                         List<AutoCloseable> resources) {
        this.workerId = workerId;
        this.control = control;
        this.cooldowns = cooldowns;
        this.consumer = consumer;
        this.resources = resources;
        this.consumerThread = Thread.ofPlatform().name("keel-requests-" + workerId).start(consumer);
    }

    public static RouterWorker start(KeelConfig config, Options options) {
        if (!config.providers().isConfigured()) {
            throw new IllegalArgumentException("providers.primary is not configured: a worker needs at least one provider");
        }
        String workerId = config.worker().id();
        KafkaClients kafka = new KafkaClients(config.kafka());
        KeelTopics topics = KeelTopics.from(config.topics());
        Clock clock = options.clock();
        MeterRegistry meters = options.meters();
        List<AutoCloseable> resources = new ArrayList<>();

        ControlState control = new ControlState(config.routing().bypass(), config.providers().byName().keySet(), options.env(), clock);
        ControlListener listener = new ControlListener(kafka.bytesConsumer(null, workerId + "-control"), topics.control(), control, clock).start();
        resources.add(listener);

        Map<String, ProviderClient> clients = new LinkedHashMap<>();
        config.providers().byName().forEach((name, provider) -> {
            ProviderClient client = ProviderClients.create(name, provider, () -> keyOf(name, provider, control), clock);
            clients.put(name, client);
            resources.add(client);
        });
        ProviderCooldowns cooldowns = new ProviderCooldowns(clients.keySet(), config.routing().cooldown(), clock, meters);
        ResponseCache cache = ResponseCaches.create(config.cache(), clock, meters);
        resources.add(cache);
        BudgetLedger ledger = BudgetLedgers.create(config.budget(), config.cache(), clock, meters);
        resources.add(ledger);
        BudgetGate gate = new BudgetGate(config.budget(), new TokenCounter(), ledger, clock, meters);
        RouterSettings settings = new RouterSettings(config.providers(), config.routing(), config.budget());
        Router router = new Router(clients, settings, new RoutePlanner(config.providers(), config.routing(), options.random()),
                cooldowns, gate, ledger, cache, control, options.pause(), meters, clock);

        // Status reports and reply-topic lookups: a plain producer, never part of a result transaction.
        Map<String, Object> statusProps = kafka.producerProperties(workerId + "-status");
        statusProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        KafkaProducer<byte[], byte[]> statusProducer = new KafkaProducer<>(statusProps, new ByteArraySerializer(), new ByteArraySerializer());
        resources.add(statusProducer);
        WorkerMeters.preRegistered(meters, clients.keySet());
        RecordHandler handler = new RequestHandler(new RequestValidator(clients.keySet()), router,
                new ResultOutcomes(topics.results(), new ReplyTopics(statusProducer, clock), clock, meters),
                new DeadLetters(topics.dlq(), workerId, clock, meters),
                new RecentRequests(RecentRequests.DEFAULT_CAPACITY), control, workerId, clock, meters);

        WorkerHealth health = new WorkerHealth(clock);
        RequestConsumer requestConsumer = WorkerDelivery.requestConsumer(config, kafka, workerId, topics, handler, health, meters, clock, resources);
        RouterWorker worker = new RouterWorker(workerId, control, cooldowns, requestConsumer, resources);
        // Closed before the producer it sends with (resources close in reverse order).
        resources.add(new WorkerStatusReporter(workerId, statusProducer, topics.workers(), control, listener, cooldowns,
                worker::inFlight, health, config.worker().delivery(), clock).start());
        LOGGER.info("Router worker started worker_id={} providers={} bypass={} max_in_flight={} delivery={}",
                workerId, clients.keySet(), control.bypass(), config.worker().maxInFlight(), config.worker().delivery().id());
        return worker;
    }


    private static Secret keyOf(String name, ProviderConfig provider, ControlState control) {
        Secret override = control.apiKeyOverride(name);
        return override != null ? override : provider.apiKey();
    }

    public String workerId() {
        return workerId;
    }

    public ControlState control() {
        return control;
    }

    /** Cooldown state per provider: CLOSED, OPEN, HALF_OPEN. */
    public Map<String, String> cooldownStates() {
        return cooldowns.states();
    }

    public int inFlight() {
        return consumer.inFlight();
    }

    /** OK, DEGRADED (publishing fails, retrying) or FAILED (gave up and left the group: restart the process). */
    public WorkerHealth health() {
        return consumer.health();
    }

    /** Blocks until the request loop ended on its own because delivery failed for good (never after {@link #close}). */
    public void awaitFailure() throws InterruptedException {
        while (true) {
            consumerThread.join();
            if (consumer.health().state() == WorkerHealth.State.FAILED) {
                return;
            }
            new java.util.concurrent.CountDownLatch(1).await(); // closed cleanly: nothing to report, ever
        }
    }

    @Override
    public void close() {
        consumer.shutdown();
        try {
            consumerThread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOGGER.debug("Close failed: {}", e.toString());
            }
        }
        LOGGER.info("Router worker stopped worker_id={}", workerId);
    }
}
