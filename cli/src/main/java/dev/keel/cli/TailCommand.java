package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keel tail --topic T}: print each record as one JSON line. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the records of a topic, one JSON line each: Keel records in their JSON form (recognised by "
                + "their schema fingerprint), anything else (e.g. the DLQ) as an envelope with headers and the value in base64."})
final class TailCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", description = "Topic to read")
    String topic;

    @Option(names = "--from-beginning", description = "Read the whole topic, not only new records")
    boolean fromBeginning;

    @Option(names = {"-n", "--max"}, paramLabel = "N", description = "Stop after N records")
    Integer max;

    @Option(names = "--idle-exit", paramLabel = "DURATION", description = "Stop when no record arrived for this long (e.g. 5s)",
            converter = DurationConverter.class)
    Duration idleExit;

    @Override
    public Integer call() {
        KeelConfig config = options.loadForRunningStack("tail");
        if (max != null && max <= 0) {
            throw new UserError("--max: must be positive");
        }
        KafkaClients clients = KafkaAccess.clients(config);
        KafkaAccess.requireTopic(clients, topic);
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.bytesConsumer(null, "keel-tail")) {
            List<TopicPartition> partitions = KafkaAccess.partitionsOf(consumer, topic);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
            }
            int printed = 0;
            long lastRecord = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.println(AnyRecord.toJsonLine(record));
                    lastRecord = System.nanoTime();
                    if (max != null && ++printed >= max) {
                        out.flush();
                        return ExitCodes.OK;
                    }
                }
                out.flush();
                if (idleExit != null && System.nanoTime() - lastRecord >= idleExit.toNanos()) {
                    return ExitCodes.OK;
                }
            }
        }
        return ExitCodes.OK;
    }
}
