package dev.keel.slo;

import dev.keel.config.KafkaConfig;
import dev.keel.config.KeelConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Results arrive in worker transactions: the SLO app must never count an aborted one. */
class ReadCommittedTest {

    @Test
    void shouldReadOnlyCommittedResultsEvenWhenTheKafkaSectionSaysOtherwise() {
        KeelConfig config = KeelConfig.defaults().withKafka(new KafkaConfig(Map.of(
                KafkaConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")));

        Map<String, Object> props = SloApp.streamsProperties(config, new HostInfo("127.0.0.1", 1),
                new SloMetrics(new SimpleMeterRegistry()), Map.of());

        StreamsConfig streams = new StreamsConfig(props);
        assertThat(streams.getMainConsumerConfigs("slo", "slo-1", 0)).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}
