package dev.keel.cli.it;

import dev.keel.config.CooldownConfig;
import dev.keel.config.KeelConfig;
import dev.keel.config.ModelPrice;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.Secret;
import dev.keel.config.TopicsConfig;
import dev.keel.config.WorkerConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.TopicFollower;
import dev.keel.router.RouterWorker;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.sim.Latency;
import dev.keel.sim.ProviderSim;
import dev.keel.sim.SimSettings;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.SimPair;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A running Keel for CLI integration tests: two simulators that want their own keys (so a key revoked
 * through {@code keel.control} gets 401), one router worker, random topics on the shared broker, a
 * keel.yaml naming them for the commands under test, a paced interactive load and a collector of
 * every result (first per request id, plus a count of copies).
 */
public final class LiveStack implements AutoCloseable {

    public static final Latency FAST = SimPair.FAST;

    public final KafkaBroker broker;
    public final ProviderSim primary;
    public final ProviderSim secondary;
    public final KeelConfig config;
    public final KeelTopics topics;
    public final KafkaClients kafka;
    public final Path configFile;
    public final Map<String, PromptResult> results = new ConcurrentHashMap<>();
    public final AtomicInteger copies = new AtomicInteger();
    private final ConcurrentLinkedQueue<AutoCloseable> closing = new ConcurrentLinkedQueue<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final RouterWorker worker;

    private LiveStack(KafkaBroker broker, Path dir, Duration cooldown, UnaryOperator<KeelConfig> tweak, String extraYaml) throws IOException {
        this.broker = broker;
        this.primary = ProviderSim.start(SimSettings.defaults("primary").withLatency(FAST).withSeed(1).withAcceptedKeys(List.of("pk")));
        this.secondary = ProviderSim.start(SimSettings.defaults("secondary").withLatency(FAST).withSeed(2).withAcceptedKeys(List.of("sk")));
        TopicsConfig names = broker.uniqueTopics();
        KeelConfig base = KeelConfig.defaults().withKafka(broker.kafkaConfig()).withTopics(names)
                .withProviders(new ProvidersConfig(
                        new ProviderConfig(ProviderKind.OPENAI, primary.openAiBaseUrl(), Secret.of("pk"), "gpt-sim", null,
                                Map.of("gpt-sim", ModelPrice.of(0.15, 0.60)), null, null, null, null),
                        new ProviderConfig(ProviderKind.ANTHROPIC, secondary.anthropicBaseUrl(), Secret.of("sk"), "claude-sim", null,
                                Map.of("claude-sim", ModelPrice.of(0.45, 1.80)), null, null, null, null)))
                .withWorker(new WorkerConfig(null, KafkaBroker.uniqueName("router"), 256, null, Duration.ofMillis(200), Duration.ofSeconds(5)));
        // These tests are about keys, lanes and resumes, not timeouts: on a loaded 2-core machine a starved simulator
        // can miss the 2 s TTFT timeout, so the timeouts are generous here (FailoverIT covers them).
        RoutingConfig r = base.routing();
        base = base.withRouting(new RoutingConfig(r.strategy(), r.seed(), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofSeconds(60), r.retry(), CooldownConfig.defaults().withOpenFor(cooldown), r.pins(), r.bypass()));
        this.config = tweak.apply(base);
        this.topics = KeelTopics.from(config.topics());
        this.kafka = new KafkaClients(config.kafka());
        kafka.ensureTopics(config.topics());
        this.configFile = dir.resolve("keel.yaml");
        Files.writeString(configFile, """
                topics:
                  requests: %s
                  requests-batch: %s
                  results: %s
                  dlq: %s
                  sli: %s
                  pages: %s
                  control: %s
                  workers: %s
                  drills: %s
                routing:
                  cooldown:
                    open-for: %dms
                %s""".formatted(names.requests(), names.requestsBatch(), names.results(), names.dlq(), names.sli(), names.pages(),
                names.control(), names.workers(), names.drills(), cooldown.toMillis(), extraYaml));
        this.producer = kafka.bytesProducer("it-load");
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        closing.add(TopicFollower.fromBeginning(kafka.bytesConsumer(null, "it-results"), topics.results().name(), record -> {
            if (record.value() != null && serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok
                    && results.putIfAbsent(ok.value().getRequestId(), ok.value()) != null) {
                copies.incrementAndGet();
            }
        }));
        this.worker = RouterWorker.start(config, RouterWorker.Options.defaults());
    }

    public static LiveStack start(KafkaBroker broker, Path dir, Duration cooldown) throws IOException {
        return new LiveStack(broker, dir, cooldown, c -> c, "");
    }

    public static LiveStack start(KafkaBroker broker, Path dir, Duration cooldown, UnaryOperator<KeelConfig> tweak, String extraYaml)
            throws IOException {
        return new LiveStack(broker, dir, cooldown, tweak, extraYaml);
    }

    public RouterWorker worker() {
        return worker;
    }

    /** The common options of every command under test. */
    public String[] cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = configFile.toString();
        all[args.length + 2] = "--bootstrap-servers";
        all[args.length + 3] = broker.bootstrapServers();
        return all;
    }

    /** An interactive request with a prompt of its own (never a cache hit). */
    public static PromptRequest request(String id, Lane lane) {
        return PromptRequest.newBuilder().setRequestId(id).setTenantId("acme").setFeature("summarize").setLane(lane)
                .setCreatedAt(System.currentTimeMillis()).setMaxOutputTokens(16)
                .setMessages(List.of(new ChatMessage(MessageRole.user, "Summarize ticket " + id + " in one line."))).build();
    }

    public void send(PromptRequest request) {
        var topic = request.getLane() == Lane.BATCH ? topics.requestsBatch() : topics.requests();
        producer.send(topic.serialized(request.getRequestId(), request));
    }

    /** Steady interactive load until the returned handle is closed; {@code sent} counts what was handed to the producer. */
    public Load load(String prefix, int perSecond) {
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleAtFixedRate(() -> send(request(prefix + "-" + sent.getAndIncrement(), Lane.INTERACTIVE)),
                0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
        return new Load(prefix, sent, scheduler, producer);
    }

    /** A running load; {@link #close()} stops it and flushes. */
    public record Load(String prefix, AtomicInteger sent, ScheduledExecutorService scheduler, KafkaProducer<byte[], byte[]> producer)
            implements AutoCloseable {
        public List<String> ids() {
            return java.util.stream.IntStream.range(0, sent.get()).mapToObj(i -> prefix + "-" + i).toList();
        }

        @Override
        public void close() throws InterruptedException {
            scheduler.shutdown();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            producer.flush();
        }
    }

    @Override
    public void close() throws Exception {
        worker.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
        producer.close();
        primary.close();
        secondary.close();
    }
}
