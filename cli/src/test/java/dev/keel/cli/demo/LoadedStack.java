package dev.keel.cli.demo;

import dev.keel.cli.stack.KeelStack;
import dev.keel.cli.stack.SimProviders;
import dev.keel.config.KeelConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.TopicFollower;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.testsupport.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * {@code keel demo}'s world on the shared test broker: the stack (simulators, a worker, the SLO app,
 * both with {@code /metrics} on free ports), the demo's workload and outage script, and the demo's
 * own tally of the results ({@link LiveStats}). One request in ten is refused by its own cost cap, so
 * rejections show too.
 */
final class LoadedStack implements AutoCloseable {

    final KeelStack stack;
    final LiveStats stats = new LiveStats();
    final AtomicLong sent = new AtomicLong();
    private final List<RuntimeException> sendFailures = new CopyOnWriteArrayList<>();
    private final KeelTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TopicFollower follower;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newHttpClient();

    LoadedStack(KafkaBroker broker, UnaryOperator<KeelConfig> beforeStart) {
        KeelConfig requested = KeelConfig.defaults().withKafka(broker.kafkaConfig()).withTopics(broker.uniqueTopics())
                .withWorker(new WorkerConfig(null, KafkaBroker.uniqueName("router"), null, null, null, Duration.ofSeconds(5)));
        RoutingConfig routing = requested.routing();
        KeelConfig config = requested.withSlo(requested.slo().withStatusPort(0).withApplicationId(KafkaBroker.uniqueName("slo")))
                .withMetrics(requested.metrics().withWorkerPort(0))
                .withRouting(routing.withCooldown(routing.cooldown().withOpenFor(DemoCommand.DEMO_OPEN_FOR)));
        new KafkaClients(config.kafka()).ensureTopics(config.topics());
        config = beforeStart.apply(config);
        this.stack = KeelStack.start(config, new KeelStack.Options(null, 0, 42, SimProviders.DEMO_LATENCY, true, true));
        this.topics = KeelTopics.from(stack.config().topics());
        KafkaClients kafka = new KafkaClients(stack.config().kafka());
        this.producer = kafka.bytesProducer("it-load");
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        String ownPrefix = "load-";
        this.follower = TopicFollower.fromBeginning(kafka.bytesConsumer(null, "it-results"), topics.results().name(), record -> {
            if (serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok && ok.value().getRequestId().startsWith(ownPrefix)) {
                stats.add(ok.value());
            }
        });
    }

    /** Sends the demo's workload at {@code rate}/s for {@code duration}, with its primary outage from 35 % to 65 %. */
    void run(int rate, Duration duration) throws InterruptedException {
        Workload workload = new Workload(new SplittableRandom(7));
        OutageScript outage = new OutageScript(stack.sims().orElseThrow().primary(), duration);
        long started = System.nanoTime();
        var outageTicks = ticker.scheduleAtFixedRate(() -> outage.advance(Duration.ofNanos(System.nanoTime() - started)),
                0, 50, TimeUnit.MILLISECONDS);
        var sending = ticker.scheduleAtFixedRate(() -> {
          try {
            PromptRequest drawn = workload.next();
            long n = sent.incrementAndGet();
            PromptRequest.Builder builder = PromptRequest.newBuilder(drawn).setRequestId("load-" + drawn.getRequestId());
            if (n % 10 == 0) {
                builder.setMaxCostUsd(1e-12); // no degradation fits: REJECTED
            }
            PromptRequest request = builder.build();
            var lane = request.getLane() == Lane.BATCH ? topics.requestsBatch() : topics.requests();
            producer.send(lane.serialized(request.getRequestId(), request));
          } catch (RuntimeException e) {
            sendFailures.add(e); // a throwing periodic task would stop silently
          }
        }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
        new CountDownLatch(1).await(duration.toMillis(), TimeUnit.MILLISECONDS); // traffic for this long, as the demo sends it
        sending.cancel(false);
        outageTicks.cancel(false);
        outage.advance(duration);
        if (!sendFailures.isEmpty()) {
            throw new IllegalStateException("sending failed " + sendFailures.size() + " times", sendFailures.getFirst());
        }
        producer.flush();
    }

    URI workerMetrics() {
        return stack.workerMetricsUri().orElseThrow();
    }

    URI sloMetrics() {
        return stack.sloMetricsUri().orElseThrow();
    }

    String scrape(URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public void close() throws Exception {
        ticker.shutdownNow();
        follower.close();
        producer.close();
        stack.close();
    }
}
