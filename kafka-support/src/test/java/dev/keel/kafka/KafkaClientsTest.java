package dev.keel.kafka;

import dev.keel.config.KafkaConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    @Test
    void shouldReadCommittedEvenWhenTheKafkaSectionAsksForUncommitted() {
        KafkaClients clients = new KafkaClients(new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "7")));

        Map<String, Object> props = clients.consumerProperties("g", "c");

        assertThat(props).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "7");
    }
}
