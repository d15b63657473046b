package dev.keel.cli;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kafka from a command's point of view: a broker that must answer, and topics that must exist. */
final class KafkaAccess {

    static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

    private KafkaAccess() {
    }

    static KafkaClients clients(KeelConfig config) {
        return new KafkaClients(config.kafka());
    }

    /** Fails with a one-line {@link UserError} when the broker does not answer or the topic does not exist. */
    static void requireTopic(KafkaClients clients, String topic) {
        try (Admin admin = clients.admin("keel-cli")) {
            Set<String> names = admin.listTopics().names().get(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!names.contains(topic)) {
                throw new UserError("topic " + topic + " does not exist on " + clients.bootstrapServers());
            }
        } catch (TimeoutException e) {
            throw new UserError("no Kafka broker answered at " + clients.bootstrapServers() + " within "
                    + REACH_TIMEOUT.toSeconds() + " s", ExitCodes.FAILED);
        } catch (ExecutionException e) {
            throw new UserError("Kafka at " + clients.bootstrapServers() + " refused: " + e.getCause().getMessage(), ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", ExitCodes.FAILED);
        }
    }

    static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, REACH_TIMEOUT);
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }
}
