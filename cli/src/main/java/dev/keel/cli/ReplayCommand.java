package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.KeelSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * {@code keel replay --topic T --in F.jsonl}: publish one record per JSON line, keyed and timestamped
 * from the record itself. Every line is checked first; a bad line stops the command before anything
 * is published, naming the line.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish a JSONL file of Keel records to a topic. Keys and timestamps come from the records "
                + "(request_id/created_at, request_id/completed_at, scope/window_end, alert_key/evaluated_at, setting/issued_at).",
                "The whole file is validated before anything is published."})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to publish to")
    String topic;

    @Option(names = {"-i", "--in"}, required = true, paramLabel = "FILE", description = "JSONL file, one record per line")
    Path in;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Record type for a topic Keel does not know: ${COMPLETION-CANDIDATES}")
    RecordType type;

    @Override
    public Integer call() throws Exception {
        KeelConfig config = options.loadForRunningStack("replay");
        RecordType recordType = type != null ? type : RecordType.ofTopic(topic, config.topics()).orElseThrow(() ->
                new UserError("--topic " + topic + " is not a Keel topic of this config; say what its records are with --type"));
        int lines = validate(recordType);
        if (lines == 0) {
            throw new UserError(in + ": no records");
        }
        KafkaClients clients = KafkaAccess.clients(config);
        KafkaAccess.requireTopic(clients, topic);
        warnIfOlderThanTheTopic(clients, recordType);
        int published = publish(clients, recordType);
        spec.commandLine().getOut().println("published " + published + " records from " + in + " to " + topic);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /**
     * Event-time consumers (the SLO app) count records older than what they already closed as late. Say so
     * when the file is older than the newest record already on the topic, rather than let a replay vanish.
     */
    private void warnIfOlderThanTheTopic(KafkaClients clients, RecordType recordType) throws IOException {
        Long oldest = null;
        try (BufferedReader reader = open()) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    Long ts = recordType.timestampOf(JsonCodec.read(line, recordType.recordClass()).orThrow());
                    oldest = ts == null ? oldest : oldest == null ? ts : Math.min(oldest, ts);
                }
            }
        }
        OptionalLong newest = TopicTimes.newestTimestamp(clients, topic);
        if (oldest != null && newest.isPresent() && oldest < newest.getAsLong()) {
            spec.commandLine().getErr().println("keel replay: note: the file starts at " + java.time.Instant.ofEpochMilli(oldest)
                    + ", before records already on " + topic + " (newest " + java.time.Instant.ofEpochMilli(newest.getAsLong())
                    + "); an SLO app that has seen those counts older results as late. To compute their SLIs, replay into a fresh stack.");
            spec.commandLine().getErr().flush();
        }
    }

    /** First pass: every line parses; returns the number of records. */
    private int validate(RecordType recordType) throws IOException {
        int records = 0;
        try (BufferedReader reader = open()) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Decoded<? extends SpecificRecord> decoded = JsonCodec.read(line, recordType.recordClass());
                if (decoded instanceof Decoded.Failed<? extends SpecificRecord> failed) {
                    throw new UserError(in + ":" + number + ": " + failed.failure().message() + " (nothing was published)");
                }
                records++;
            }
        }
        return records;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int publish(KafkaClients clients, RecordType recordType) throws IOException, InterruptedException {
        KeelSerde serde = KeelSerde.of(recordType.recordClass());
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = clients.bytesProducer("keel-replay");
             BufferedReader reader = open()) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                SpecificRecord record = JsonCodec.read(line, recordType.recordClass()).orThrow();
                String key = recordType.keyOf(record);
                sends.add(producer.send(new ProducerRecord<>(topic, null, recordType.timestampOf(record),
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8), serde.encode(record))));
            }
            producer.flush();
            int acked = 0;
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                    acked++;
                } catch (ExecutionException e) {
                    throw new UserError("published " + acked + " of " + sends.size() + " records, then Kafka refused one: "
                            + e.getCause().getMessage(), ExitCodes.FAILED);
                }
            }
            return acked;
        }
    }

    private BufferedReader open() throws IOException {
        try {
            return Files.newBufferedReader(in, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(in + ": no such file");
        }
    }
}
