package dev.keel.cli.demo;

import dev.keel.cli.ConfigOptions;
import dev.keel.cli.DurationConverter;
import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.cli.stack.KeelStack;
import dev.keel.cli.stack.SimProviders;
import dev.keel.config.KeelConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.TopicFollower;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.Decoded;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code keel demo}: the whole of Keel in one process on embedded defaults, a mixed workload, a
 * scripted primary outage, a live table and a closing summary against the promise.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything on embedded defaults: a Kafka broker, two simulated providers (primary OpenAI-style, "
                + "secondary Anthropic-style and dearer), a router worker and the SLO app.",
                "Sends a mixed workload (tenants, features, repeated prompts, batch lane) with a primary outage from 35% to 65% "
                        + "of the run, prints a live table and ends with a summary."})
public final class DemoCommand implements Callable<Integer> {

    /** The demo's cooldown, short so the primary's recovery is visible within a one-minute run. */
    static final Duration DEMO_OPEN_FOR = Duration.ofSeconds(5);

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--duration"}, defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to send traffic (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--rate", defaultValue = "25", paramLabel = "N", description = "Requests per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--every", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Live table interval (default: ${DEFAULT-VALUE})")
    Duration every;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the workload and the simulators (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-outage", description = "Skip the scripted primary outage")
    boolean noOutage;

    @Option(names = "--day", description = "Instead: replay a scripted day (an outage, a latency incident, a cost spike) through the SLO app "
            + "on event time, deliver its pages with keel alerts to the console (and any configured sink), and write the day's report")
    boolean day;

    @Option(names = "--pace", defaultValue = "40s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --day: wall time the day's replay takes (default: ${DEFAULT-VALUE})")
    Duration pace;

    @Option(names = "--out", defaultValue = "keel-demo-report", paramLabel = "DIR",
            description = "With --day: where the day's report is written (default: ${DEFAULT-VALUE})")
    java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
        if (day) {
            if (pace.compareTo(Duration.ofSeconds(1)) < 0 || pace.compareTo(Duration.ofMinutes(30)) > 0) {
                throw new UserError("--pace: between 1s and 30m, got " + pace.toMillis() + "ms");
            }
            KeelConfig dayConfig = options.load();
            quietLogs();
            return new DayDemo(spec.commandLine().getOut(), seed, pace, out).run(dayConfig.withSlo(dayConfig.slo().withStatusPort(0)));
        }
        if (duration.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new UserError("--duration: at least 5s, got " + duration.toMillis() + "ms");
        }
        if (rate < 1 || rate > 2_000) {
            throw new UserError("--rate: between 1 and 2000 requests per second, got " + rate);
        }
        PrintWriter out = spec.commandLine().getOut();
        KeelConfig config = demoConfig(options.load());
        quietLogs();
        out.println("keel demo: starting Kafka (embedded), two provider simulators, a router worker and the SLO app...");
        out.flush();
        try (KeelStack stack = KeelStack.start(config, new KeelStack.Options(null, 0, seed, SimProviders.DEMO_LATENCY, true, true))) {
            out.printf("keel demo: ready in %.1f s; Kafka at %s; sending %d requests/s for %s%n",
                    stack.startupMillis() / 1000.0, stack.bootstrapServers(), rate, DemoReport.clock(duration));
            stack.workerMetricsUri().ifPresent(uri -> out.printf("keel demo: metrics at %s (worker) and %s (SLO app)%n", uri,
                    stack.sloMetricsUri().map(URI::toString).orElse("-")));
            return run(stack, out);
        }
    }

    /** The table shows what the WARN lines would (cooldown transitions); KEEL_LOG_LEVEL brings them back. */
    private static void quietLogs() {
        if (System.getenv("KEEL_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getLogger("dev.keel") instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    /** The demo's own settings: a short cooldown, so the primary's recovery is visible, and any free status and metrics ports. */
    private static KeelConfig demoConfig(KeelConfig requested) {
        RoutingConfig routing = requested.routing();
        return requested.withSlo(requested.slo().withStatusPort(0)).withMetrics(requested.metrics().withWorkerPort(0))
                .withRouting(routing.withCooldown(routing.cooldown().withOpenFor(DEMO_OPEN_FOR)));
    }

    private int run(KeelStack stack, PrintWriter out) throws InterruptedException {
        KeelConfig config = stack.config();
        KeelTopics topics = KeelTopics.from(config.topics());
        KafkaClients kafka = new KafkaClients(config.kafka());
        DemoReport report = new DemoReport(out, config.slo().objectives());
        LiveStats stats = new LiveStats();
        OutageScript outage = noOutage ? null : stack.sims().map(s -> new OutageScript(s.primary(), duration)).orElse(null);
        Workload workload = new Workload(new SplittableRandom(seed));
        AtomicLong sent = new AtomicLong();

        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        try (TopicFollower results = TopicFollower.fromBeginning(kafka.bytesConsumer(null, "keel-demo-results"), topics.results().name(),
                record -> {
                    if (serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                        stats.add(ok.value());
                    }
                });
             KafkaProducer<byte[], byte[]> producer = kafka.bytesProducer("keel-demo");
             ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor()) {
            long started = System.nanoTime();
            ticker.scheduleAtFixedRate(() -> {
                PromptRequest request = workload.next();
                var lane = request.getLane() == dev.keel.schemas.Lane.BATCH ? topics.requestsBatch() : topics.requests();
                producer.send(lane.serialized(request.getRequestId(), request));
                sent.incrementAndGet();
            }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);

            report.header();
            Table table = new Table(report, stats, sent, stack, outage, started);
            ticker.scheduleAtFixedRate(table::tick, 50, 50, TimeUnit.MILLISECONDS);
            new java.util.concurrent.CountDownLatch(1).await(duration.toMillis(), TimeUnit.MILLISECONDS);
            ticker.shutdownNow();
            producer.flush();
            stats.awaitAnswered(sent.get(), Duration.ofSeconds(20));
            Duration ran = Duration.ofNanos(System.nanoTime() - started);
            LiveStats.Snapshot last = stats.snapshot();
            report.row(ran, sent.get(), last, cooldown(stack), "traffic stopped");
            report.summary(duration, sent.get(), last, outageText(outage, config.routing().ttftTimeout()), SloSummary.of(stack),
                    stack.startupMillis());
            if (last.answered() == 0) {
                throw new UserError("no request was answered; see the log above", ExitCodes.FAILED);
            }
            return ExitCodes.OK;
        }
    }

    private static String cooldown(KeelStack stack) {
        return stack.worker().map(w -> w.cooldownStates().getOrDefault("primary", "?")).orElse("-");
    }

    private String outageText(OutageScript outage, Duration ttftTimeout) {
        if (outage == null) {
            return noOutage ? "none (--no-outage)" : "none (real providers are configured)";
        }
        return "primary stalled before its first token from " + DemoReport.clock(outage.start()) + " to " + DemoReport.clock(outage.end())
                + " (TTFT timeout " + ttftTimeout.toMillis() + " ms, cooldown " + DEMO_OPEN_FOR.toSeconds() + " s)";
    }

    /** The live table: runs the outage script and prints a row every {@code --every}, on the ticker thread. */
    private final class Table {
        private final DemoReport report;
        private final LiveStats stats;
        private final AtomicLong sent;
        private final KeelStack stack;
        private final OutageScript outage;
        private final long started;
        private Duration next = every;

        Table(DemoReport report, LiveStats stats, AtomicLong sent, KeelStack stack, OutageScript outage, long started) {
            this.report = report;
            this.stats = stats;
            this.sent = sent;
            this.stack = stack;
            this.outage = outage;
            this.started = started;
        }

        void tick() {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (elapsed.compareTo(duration) >= 0) {
                return;
            }
            List<String> events = outage == null ? List.of() : outage.advance(elapsed);
            if (elapsed.compareTo(next) >= 0 || !events.isEmpty()) {
                report.row(elapsed, sent.get(), stats.snapshot(), cooldown(stack), String.join("; ", events));
                while (elapsed.compareTo(next) >= 0) {
                    next = next.plus(every);
                }
            }
        }
    }
}
