package dev.keel.kafka;

import dev.keel.config.TopicsConfig;
import dev.keel.schemas.ControlCommand;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeelTopicsTest {

    @Test
    void shouldTypeEveryTopicWithItsConfiguredName() {
        // Given
        KeelTopics topics = KeelTopics.from(TopicsConfig.defaults());
        ControlCommand command = new ControlCommand("bypass", "true", "me", 1L);

        // When
        ProducerRecord<byte[], byte[]> record = topics.control().serialized("bypass", command);

        // Then
        assertThat(topics.requests().name()).isEqualTo("llm.requests");
        assertThat(topics.requestsBatch().name()).isEqualTo("llm.requests.batch");
        assertThat(record.topic()).isEqualTo("keel.control");
        assertThat(topics.control().valueSerde().deserializer().deserialize("keel.control", record.value())).isEqualTo(command);
    }
}
