package dev.keel.testsupport;

import dev.keel.config.KafkaConfig;
import dev.keel.config.TopicsConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real broker a test talks to, shared by every test of the JVM (see {@link KafkaBrokerExtension}).
 * Tests isolate themselves with random topic and group names, never by restarting the broker.
 */
public interface KafkaBroker {

    /** Where the broker came from: an external one, a Testcontainers container, or the embedded broker. */
    enum Kind { EXTERNAL, TESTCONTAINERS, EMBEDDED }

    String bootstrapServers();

    Kind kind();

    /** Client properties pointing at this broker ({@code kafka:} section of a test config). */
    default KafkaConfig kafkaConfig() {
        return new KafkaConfig(Map.of(KafkaConfig.BOOTSTRAP_SERVERS, bootstrapServers()));
    }

    /** A name no other test uses: {@code prefix-<random>}. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Topic names for every Keel topic, random per call, not yet created. */
    default TopicsConfig uniqueTopics() {
        String suffix = UUID.randomUUID().toString().substring(0, 12);
        return new TopicsConfig("llm.requests." + suffix, "llm.requests.batch." + suffix, "llm.results." + suffix,
                "llm.requests.dlq." + suffix, "slo.sli." + suffix, "slo.pages." + suffix, "keel.control." + suffix, "keel.workers." + suffix,
                3, (short) 1, Map.of()).withDrills("keel.drills." + suffix);
    }

    default void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
}
