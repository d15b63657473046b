package dev.keel.cli.drill;

import dev.keel.cli.DurationConverter;
import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Lane;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code keel drill load}: steady interactive traffic for a rehearsal where no real traffic flows
 * ({@code keel up}, a staging stack). Each request has a prompt of its own (never a cache hit), so every
 * one reaches a provider and the drill measures failover, not the cache.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Send steady interactive traffic (tenant 'drill', feature 'drill-canary') until Ctrl-C or --duration:",
                "for rehearsing the drill on keel up or staging. Production drills use real traffic."})
final class DrillLoadCommand implements Callable<Integer> {

    @Mixin
    dev.keel.cli.ConfigOptions options;
    @ParentCommand
    DrillCommand parent;
    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "10", description = "requests per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop after this long (default: until Ctrl-C)")
    Duration duration;

    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = "drill", description = "tenant_id (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--feature", paramLabel = "FEATURE", defaultValue = "drill-canary", description = "feature (default: ${DEFAULT-VALUE})")
    String feature;

    @Override
    public Integer call() throws InterruptedException {
        if (rate < 1 || rate > 10_000) {
            throw new UserError("--rate: must be between 1 and 10000");
        }
        KeelConfig config = options.orElse(parent.options()).loadForRunningStack("drill load");
        KafkaClients clients = new KafkaClients(config.kafka());
        KeelTopics topics = KeelTopics.from(config.topics());
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicLong sent = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        var out = spec.commandLine().getOut();
        out.printf("keel drill load: %d requests/s to %s (tenant %s, feature %s)%s%n", rate, topics.requests().name(), tenant, feature,
                duration == null ? "; Ctrl-C stops it" : " for " + duration.toSeconds() + " s");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "keel-drill-load-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (var producer = clients.bytesProducer("keel-drill-load");
             ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor()) {
            scheduler.scheduleAtFixedRate(() -> {
                long n = sent.incrementAndGet();
                PromptRequest request = PromptRequest.newBuilder().setRequestId("drill-load-" + run + "-" + n).setTenantId(tenant)
                        .setFeature(feature).setCreatedAt(System.currentTimeMillis()).setLane(Lane.INTERACTIVE).setMaxOutputTokens(32)
                        .setMessages(List.of(new ChatMessage(MessageRole.user, "Drill canary " + run + "-" + n + ": reply with one short sentence.")))
                        .build();
                producer.send(topics.requests().serialized(request.getRequestId(), request), (meta, error) -> {
                    if (error != null) {
                        refused.incrementAndGet();
                    }
                });
            }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
            scheduler.scheduleAtFixedRate(() -> {
                out.printf("keel drill load: %,d sent%s%n", sent.get(), refused.get() == 0 ? "" : ", " + refused.get() + " refused by Kafka");
                out.flush();
            }, 10, 10, TimeUnit.SECONDS);
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            scheduler.shutdownNow();
            producer.flush();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C
            }
        }
        out.printf("keel drill load: stopped after %,d requests%n", sent.get());
        out.flush();
        return refused.get() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
