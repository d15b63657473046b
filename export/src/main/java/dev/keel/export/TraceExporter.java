package dev.keel.export;

import dev.keel.config.ExportConfig;
import dev.keel.config.KeelConfig;
import dev.keel.export.internal.PendingBatch;
import dev.keel.kafka.KafkaClients;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Follows {@code llm.results} in its own consumer group ({@code export.group-id}, read_committed) and
 * sends every result as a trace ({@link ResultTraces}) over OTLP/HTTP, at least once:
 * results are buffered into a batch ({@code batch-size}, or {@code flush-interval} after the first),
 * the batch goes to the SDK's {@link SpanExporter}, and its offsets are committed only after the export
 * result says the backend accepted it. A refused or unanswered batch is retried with exponential
 * back-off ({@code retry-initial} doubling to {@code retry-max}, with jitter) for as long as it takes;
 * meanwhile the partitions are paused and polled, so the exporter stays in its group and reads no
 * further. A crash re-sends at most the batch in flight, with the same trace and span ids.
 *
 * <p>Lifecycle: {@link #start} runs the loop on its own thread; {@link #close} stops it, tries the
 * batch in hand once more and closes the consumer and the exporter. The loop is single-threaded.
 */
public final class TraceExporter implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(TraceExporter.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final SpanExporter exporter;
    private final ResultTraces traces;
    private final ExportConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    private final KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
    private final PendingBatch pending = new PendingBatch();
    private final Counter exported;
    private final Counter refused;
    private final Counter skipped;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long exportedTotal;
    private Thread thread;
    private long lastProgress;

    public TraceExporter(Consumer<byte[], byte[]> consumer, String topic, SpanExporter exporter, ExportConfig config,
                         MeterRegistry meters, Clock clock, RandomGenerator random) {
        this.consumer = consumer;
        this.topic = topic;
        this.exporter = exporter;
        this.traces = new ResultTraces(config);
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.exported = Counter.builder("keel.export.results").description("Results the trace backend accepted").register(meters);
        this.refused = Counter.builder("keel.export.refusals").description("Batches the backend refused or did not answer (retried)")
                .register(meters);
        this.skipped = Counter.builder("keel.export.skipped").description("Records on the results topic that were not results (skipped)")
                .register(meters);
        Gauge.builder("keel.export.pending", pending, PendingBatch::size).description("Results read and not yet accepted")
                .register(meters);
    }

    /** Starts exporting {@code config}'s results topic with the OTLP exporter {@code export:} describes. */
    public static TraceExporter start(KeelConfig config, MeterRegistry meters) {
        ExportConfig export = config.export();
        Map<String, Object> props = new KafkaClients(config.kafka()).consumerProperties(export.groupId(), export.groupId());
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, export.batchSize());
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return new TraceExporter(consumer, config.topics().results(), OtlpSpanExporters.create(export), export, meters,
                Clock.systemUTC(), RandomGenerator.getDefault()).start();
    }

    public TraceExporter start() {
        thread = Thread.ofPlatform().name("keel-export").start(this::run);
        return this;
    }

    /** Results the backend has accepted since start. */
    public long exportedResults() {
        return exportedTotal;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            lastProgress = clock.millis();
            while (running) {
                read(consumer.poll(POLL));
                if (pending.size() >= config.batchSize() || pending.olderThan(clock.millis() - config.flushInterval().toMillis())) {
                    flushUntilAccepted();
                }
                progress();
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOGGER.error("Trace export stopped reason={}", e.toString());
            LOGGER.debug("Trace export failure", e);
        } finally {
            if (!pending.isEmpty() && sendOnce()) {
                LOGGER.info("Trace export flushed its last batch at shutdown");
            }
            consumer.close(Duration.ofSeconds(5));
            exporter.shutdown().join(5, TimeUnit.SECONDS);
            stopped.countDown();
        }
    }

    private void read(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.value() != null && serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                pending.add(partition, record.offset(), traces.spans(ok.value()), clock.millis());
            } else {
                skipped.increment();
                pending.skip(partition, record.offset(), clock.millis());
            }
        }
    }

    /** Sends the batch until the backend accepts it; pauses the partitions meanwhile and keeps polling them. */
    private void flushUntilAccepted() {
        Duration backoff = config.retryInitial();
        while (running && !pending.isEmpty()) {
            if (sendOnce()) {
                return;
            }
            Duration wait = jittered(backoff);
            LOGGER.warn("Trace backend did not accept batch results={} endpoint={}; retrying in {} ms",
                    pending.results(), config.endpoint(), wait.toMillis());
            consumer.pause(consumer.assignment());
            long until = clock.millis() + wait.toMillis();
            while (running && clock.millis() < until && !pending.isEmpty()) {
                consumer.pause(consumer.assignment()); // partitions assigned meanwhile too
                read(consumer.poll(Duration.ofMillis(Math.min(POLL.toMillis(), Math.max(1, until - clock.millis())))));
            }
            consumer.resume(consumer.paused());
            backoff = backoff.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : backoff.multipliedBy(2);
        }
    }

    /** One export of the pending batch; on acceptance commits its offsets and clears it. */
    private boolean sendOnce() {
        int results = pending.results();
        CompletableResultCode result = pending.spans().isEmpty() ? CompletableResultCode.ofSuccess() : exporter.export(pending.spans());
        result.join(config.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        if (!result.isSuccess()) {
            refused.increment();
            return false;
        }
        try {
            consumer.commitSync(pending.offsets());
        } catch (RuntimeException e) {
            // Accepted but not committed: a restart sends these again, with the same ids (the backend upserts).
            LOGGER.warn("Offsets not committed after export results={} reason={}", results, e.toString());
        }
        exported.increment(results);
        exportedTotal += results;
        pending.clear();
        return true;
    }

    private Duration jittered(Duration backoff) {
        long ms = backoff.toMillis();
        return Duration.ofMillis(ms / 2 + random.nextLong(ms / 2 + 1));
    }

    private void progress() {
        long now = clock.millis();
        if (now - lastProgress >= PROGRESS_EVERY.toMillis()) {
            lastProgress = now;
            LOGGER.info("Trace export progress exported={} pending={} endpoint={}", exportedTotal, pending.results(), config.endpoint());
        }
    }

    /** Drops what was read from partitions this exporter no longer owns: their next owner reads them from the last commit. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.drop(partitions);
        }
    }

    /** Stops the loop (one last try to send the batch in hand), then closes the consumer and the exporter. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(config.timeout().toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
                LOGGER.warn("Trace export did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
