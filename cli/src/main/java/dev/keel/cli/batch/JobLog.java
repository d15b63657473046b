package dev.keel.cli.batch;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.cli.drill.TopicRange;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.Topic;
import dev.keel.schemas.BatchProgress;
import dev.keel.schemas.BatchProgressKind;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job's own topics and its transactional producer. {@code keel.batch.<job>.progress} holds one JOB
 * record (the input's digest) and one SENT record per chunk of published lines; each SENT record is
 * written in the <b>same Kafka transaction</b> as the chunk's requests, so after any crash the committed
 * SENT records are exactly the lines workers can see (workers read {@code read_committed}).
 * {@code initTransactions()} with the job's {@code transactional.id} fences an earlier run and aborts
 * the chunk it had open at a {@code kill -9}: those lines were never visible and are sent again, once.
 * {@code keel.batch.<job>.replies} is the requests' {@code reply_to}; it is read from its beginning, so
 * a resume collects results that came in while nothing ran. Not thread-safe: the job's main thread.
 */
final class JobLog implements AutoCloseable {

    /** Short, so the batch lane is not held past the last stable offset for long after a kill -9. */
    static final int TRANSACTION_TIMEOUT_MS = 10_000;
    static final Duration REPLY_RETENTION = Duration.ofDays(7);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String job;
    private final KafkaClients clients;
    private final Topic<String, BatchProgress> progress;
    private final String replies;
    private final KafkaProducer<byte[], byte[]> producer;

    private JobLog(String job, KafkaClients clients, String prefix) {
        this.job = job;
        this.clients = clients;
        this.progress = new Topic<>(prefix + job + ".progress", org.apache.kafka.common.serialization.Serdes.String(),
                KeelSerde.of(BatchProgress.class));
        this.replies = prefix + job + ".replies";
        Map<String, Object> props = clients.producerProperties("keel-batch-" + job);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "keel-batch-" + job);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the job's topics when missing, fences any earlier run of the job, and returns the log. */
    static JobLog open(KafkaClients clients, String job, String prefix, short replication, int replyPartitions) {
        ensureTopics(clients, List.of(
                new NewTopic(prefix + job + ".progress", 1, replication),
                new NewTopic(prefix + job + ".replies", replyPartitions, replication)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(REPLY_RETENTION.toMillis())))));
        JobLog log = new JobLog(job, clients, prefix);
        log.producer.initTransactions();
        return log;
    }

    String replies() {
        return replies;
    }

    String progressTopic() {
        return progress.name();
    }

    /** Every committed progress record of the job, in order. */
    List<BatchProgress> read() {
        KeelSerde<BatchProgress> serde = (KeelSerde<BatchProgress>) progress.valueSerde();
        List<BatchProgress> records = new ArrayList<>();
        TopicRange.read(clients, progress.name(), -1, TIMEOUT, record -> {
            if (record.value() != null && serde.decode(record.value()) instanceof Decoded.Ok<BatchProgress> ok) {
                records.add(ok.value());
            }
        });
        return records;
    }

    void writeJob(String inputSha256, long now) {
        BatchProgress record = BatchProgress.newBuilder().setJob(job).setKind(BatchProgressKind.JOB).setAt(now)
                .setInputSha256(inputSha256).setLines(List.of()).build();
        producer.beginTransaction();
        producer.send(progress.serialized(job, record));
        producer.commitTransaction();
    }

    /** Publishes the requests and their SENT record atomically; returns once committed. */
    void sendChunk(Topic<String, PromptRequest> lane, List<PromptRequest> requests, List<Long> lines, double capUsd, long now) {
        producer.beginTransaction();
        try {
            for (PromptRequest request : requests) {
                producer.send(lane.serialized(request.getRequestId(), request));
            }
            producer.send(progress.serialized(job, BatchProgress.newBuilder().setJob(job).setKind(BatchProgressKind.SENT).setAt(now)
                    .setLines(lines).setMaxCostPerRequestUsd(capUsd).build()));
            producer.commitTransaction();
        } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
            throw new UserError("another keel batch runs job " + job + " (this run was fenced off)", ExitCodes.FAILED);
        } catch (org.apache.kafka.common.KafkaException e) {
            producer.abortTransaction();
            throw new UserError("Kafka refused a chunk of the job: " + e.getMessage(), ExitCodes.FAILED);
        }
    }

    private static void ensureTopics(KafkaClients clients, List<NewTopic> wanted) {
        try (Admin admin = clients.admin("keel-batch")) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new UserError("cannot create " + entry.getKey() + ": " + e.getCause().getMessage(), ExitCodes.FAILED);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new UserError("Kafka at " + clients.bootstrapServers() + " refused: " + e.getCause().getMessage(), ExitCodes.FAILED);
        } catch (TimeoutException e) {
            throw new UserError("no Kafka broker answered at " + clients.bootstrapServers() + " within " + TIMEOUT.toSeconds() + " s",
                    ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", ExitCodes.FAILED);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
