package dev.keel.cli.demo;

import dev.keel.alerts.AlertsService;
import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.cli.stack.KeelStack;
import dev.keel.cli.stack.SimProviders;
import dev.keel.config.AlertSinkConfig;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.report.ReportRequest;
import dev.keel.report.ReportText;
import dev.keel.report.Reports;
import dev.keel.schemas.PromptResult;
import dev.keel.slo.StatusReading;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code keel demo --day}: yesterday (UTC) replayed as {@link ScriptedDay} through the SLO app on event
 * time, paced to take {@code pace} of wall time, with {@code keel alerts} delivering each page to the
 * console (and to any sink configured); ends by writing the day's report and printing its path.
 */
final class DayDemo {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Duration SETTLE = Duration.ofSeconds(120);
    /** The demo's console takes the global scope's pages: per-tenant, -feature and -provider copies would drown them. */
    static final AlertSinkConfig GLOBAL_CONSOLE = new AlertSinkConfig(dev.keel.config.AlertSinkKind.CONSOLE, null, null, null, null,
            List.of("global"), null, null, null, null);

    private final PrintWriter out;
    private final long seed;
    private final Duration pace;
    private final Path reportDir;

    DayDemo(PrintWriter out, long seed, Duration pace, Path reportDir) {
        this.out = out;
        this.seed = seed;
        this.pace = pace;
        this.reportDir = reportDir;
    }

    int run(KeelConfig requested) throws IOException {
        long dayStart = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long dayEnd = dayStart + 24 * HOUR;
        List<PromptResult> day = ScriptedDay.results(dayStart, seed);
        out.printf("keel demo --day: starting Kafka (embedded) and the SLO app; then %,d results of %s, replayed on event time in %d s%n",
                day.size(), LocalDate.ofInstant(Instant.ofEpochMilli(dayStart), ZoneOffset.UTC), pace.toSeconds());
        out.println("  the script: latency incident 09:00-09:25, outage 12:00-12:06, cost spike 16:00-16:20 (UTC);"
                + " the console shows the global scope's pages");
        out.flush();
        try (KeelStack stack = KeelStack.start(onePartitionResults(requested), new KeelStack.Options(null, 0, seed, SimProviders.DEMO_LATENCY, false, true))) {
            KeelConfig config = stack.config().withAlerts(stack.config().alerts().withGroupId("keel-demo-alerts")
                    .withStartLookback(Duration.ofDays(3)));
            String console = config.alerts().sinks().containsKey("console") ? "demo-console" : "console";
            try (AlertsService alerts = AlertsService.start(config, AlertsService.Options.defaults(out)
                    .withExtra(Map.of(console, GLOBAL_CONSOLE)))) {
                out.printf("keel demo --day: ready in %.1f s; keel alerts delivers to %s%n", stack.startupMillis() / 1000.0,
                        String.join(", ", new java.util.TreeSet<>(concat(config.alerts().sinks().keySet(), console))));
                out.flush();
                replay(config, day, dayStart);
                awaitDayClosed(stack, dayEnd);
                long pages = awaitPagesDelivered(config, alerts);
                out.printf("keel demo --day: the SLO app closed every minute of the day; %d page events delivered%n", pages);
                Reports.Result result = Reports.generate(config, new ReportRequest("global", null, Instant.ofEpochMilli(dayStart),
                        Instant.ofEpochMilli(dayEnd), reportDir, false, true), Clock.systemUTC());
                out.println();
                out.println("  " + ReportText.sentence(result.report()));
                out.println();
                out.println("keel demo --day: report written to " + result.files().html().toAbsolutePath());
                out.println("                 (also " + result.files().markdown().getFileName() + ", charts/ and the filled kit/ beside it)");
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    /**
     * The day goes to a results topic of one partition (when the demo creates it): a replay is in time order, and on a
     * busy machine a partition the SLO app has not fetched for its idle timeout would make later results late.
     */
    private static KeelConfig onePartitionResults(KeelConfig config) {
        var t = config.topics();
        Map<String, Integer> overrides = new java.util.HashMap<>(t.partitionOverrides());
        overrides.put("results", 1);
        return config.withTopics(new dev.keel.config.TopicsConfig(t.requests(), t.requestsBatch(), t.results(), t.dlq(), t.sli(), t.pages(),
                t.control(), t.workers(), t.partitions(), t.replicationFactor(), overrides));
    }

    /** Publishes the day in order, an hour at a time, each hour taking pace / 24 of wall time. */
    private void replay(KeelConfig config, List<PromptResult> day, long dayStart) {
        KeelTopics topics = KeelTopics.from(config.topics());
        long perHourNanos = pace.toNanos() / 24;
        long begin = System.nanoTime();
        int i = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaClients(config.kafka()).bytesProducer("keel-demo-day")) {
            for (int hour = 0; hour < 24; hour++) {
                long hourEnd = dayStart + (hour + 1) * HOUR;
                while (i < day.size() && day.get(i).getCompletedAt() < hourEnd) {
                    PromptResult r = day.get(i++);
                    var record = topics.results().serialized(r.getRequestId(), r);
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(record.topic(), null, r.getCompletedAt(), record.key(),
                            record.value()));
                }
                producer.flush();
                if ((hour + 1) % 3 == 0) {
                    out.printf("  %02d:00  %,7d results published%n", hour + 1, i);
                    out.flush();
                }
                long due = begin + perHourNanos * (hour + 1);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
        }
    }

    private static void awaitDayClosed(KeelStack stack, long dayEnd) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            StatusReading reading = stack.slo().orElseThrow().status();
            if (reading instanceof StatusReading.Ready ready && ready.snapshot().evaluatedThrough() != null
                    && ready.snapshot().evaluatedThrough() >= dayEnd) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new UserError("the SLO app did not close the day's last minute within " + SETTLE.toSeconds() + " s", ExitCodes.FAILED);
    }

    private static long awaitPagesDelivered(KeelConfig config, AlertsService alerts) {
        long total;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaClients(config.kafka()).bytesConsumer(null, "keel-demo-pages")) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topics().pages()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (alerts.committedRecords() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        if (alerts.committedRecords() < total) {
            throw new UserError("keel alerts handled " + alerts.committedRecords() + " of " + total + " page events in time", ExitCodes.FAILED);
        }
        return total;
    }

    private static java.util.Set<String> concat(java.util.Set<String> names, String extra) {
        java.util.Set<String> all = new java.util.HashSet<>(names);
        all.add(extra);
        return all;
    }
}
