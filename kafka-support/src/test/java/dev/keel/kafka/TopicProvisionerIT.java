package dev.keel.kafka;

import dev.keel.config.TopicsConfig;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class TopicProvisionerIT {

    @Test
    void shouldCreateEveryTopicWithTheConfiguredPartitionsAndACompactedControlTopic(KafkaBroker broker) throws Exception {
        // Given
        TopicsConfig random = broker.uniqueTopics();
        TopicsConfig topics = new TopicsConfig(random.requests(), random.requestsBatch(), random.results(), random.dlq(),
                random.sli(), random.pages(), random.control(), random.workers(), 4, (short) 1, Map.of("results", 2));

        try (Admin admin = broker.admin()) {
            // When
            List<String> created = TopicProvisioner.ensureTopics(admin, topics);
            List<String> again = TopicProvisioner.ensureTopics(admin, topics);

            // Then
            assertThat(created).containsExactlyInAnyOrderElementsOf(topics.partitionsByTopic().keySet());
            assertThat(again).isEmpty();
            Map<String, TopicDescription> described = admin.describeTopics(topics.partitionsByTopic().keySet()).allTopicNames().get();
            assertThat(described.get(topics.requests()).partitions()).hasSize(4);
            assertThat(described.get(topics.results()).partitions()).hasSize(2);
            assertThat(described.get(topics.control()).partitions()).hasSize(1);
            ConfigResource control = new ConfigResource(ConfigResource.Type.TOPIC, topics.control());
            Config config = admin.describeConfigs(Set.of(control)).all().get().get(control);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            ConfigResource workers = new ConfigResource(ConfigResource.Type.TOPIC, topics.workers());
            assertThat(admin.describeConfigs(Set.of(workers)).all().get().get(workers).get("cleanup.policy").value()).isEqualTo("compact");
            for (String slo : List.of(topics.sli(), topics.pages())) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, slo);
                assertThat(admin.describeConfigs(Set.of(r)).all().get().get(r).get("retention.ms").value())
                        .as("retention of %s", slo).isEqualTo(Long.toString(java.time.Duration.ofDays(31).toMillis()));
            }
        }
    }
}
