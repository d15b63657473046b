package dev.keel.cli.drill;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.Topic;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.DrillEventKind;
import dev.keel.schemas.KeelSerde;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The drill log on the compacted {@code keel.drills} topic: every START, MARK, FINDING and END of every
 * drill, each under a key of its own ({@code <drill>/<kind>/<at>/<nonce>}) so compaction keeps them all.
 * The drill lead, the operator and the scribe can write from different machines; every reader sees
 * the same log. Not thread-safe (one per command).
 */
final class DrillLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaClients clients;
    private final Topic<String, DrillEvent> topic;

    private DrillLog(KafkaClients clients, Topic<String, DrillEvent> topic) {
        this.clients = clients;
        this.topic = topic;
    }

    /** The log of a running deployment; creates the compacted topic when it is missing. */
    static DrillLog open(KeelConfig config) {
        KafkaClients clients = new KafkaClients(config.kafka());
        KeelTopics topics = KeelTopics.from(config.topics());
        ensureTopic(clients, topics.drills().name(), config.topics().replicationFactor());
        return new DrillLog(clients, topics.drills());
    }

    KafkaClients clients() {
        return clients;
    }

    void append(DrillEvent event) {
        String key = event.getDrillId() + "/" + event.getKind() + "/" + event.getAt() + "/" + UUID.randomUUID().toString().substring(0, 8);
        try (var producer = clients.bytesProducer("keel-drill")) {
            producer.send(topic.serialized(key, event)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("Kafka did not take the drill entry: " + (e.getCause() == null ? e : e.getCause().getMessage()), ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", ExitCodes.FAILED);
        }
    }

    /** Every entry, grouped by drill (in order of their START), each drill's entries by time. */
    Map<String, List<DrillEvent>> drills() {
        KeelSerde<DrillEvent> serde = (KeelSerde<DrillEvent>) topic.valueSerde();
        List<DrillEvent> all = new ArrayList<>();
        TopicRange.read(clients, topic.name(), -1, TIMEOUT, record -> {
            if (record.value() != null && serde.decode(record.value()) instanceof Decoded.Ok<DrillEvent> ok) {
                all.add(ok.value());
            }
        });
        all.sort(Comparator.comparingLong(DrillEvent::getAt));
        Map<String, List<DrillEvent>> byDrill = new LinkedHashMap<>();
        for (DrillEvent e : all) {
            byDrill.computeIfAbsent(e.getDrillId(), id -> new ArrayList<>()).add(e);
        }
        return byDrill;
    }

    /** The drill that has a START and no END, if any (the latest such). */
    Optional<String> running() {
        String found = null;
        for (Map.Entry<String, List<DrillEvent>> drill : drills().entrySet()) {
            boolean started = drill.getValue().stream().anyMatch(e -> e.getKind() == DrillEventKind.START);
            boolean ended = drill.getValue().stream().anyMatch(e -> e.getKind() == DrillEventKind.END);
            if (started && !ended) {
                found = drill.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The drill a command acts on: the named one, else the running one. */
    String target(String named) {
        if (named != null) {
            if (!drills().containsKey(named)) {
                throw new UserError("--drill: no drill named " + named + " on " + topic.name());
            }
            return named;
        }
        return running().orElseThrow(() -> new UserError("no drill is running (start one with 'keel drill start')"));
    }

    private static void ensureTopic(KafkaClients clients, String name, short replication) {
        try (Admin admin = clients.admin("keel-drill")) {
            if (admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(name)) {
                return;
            }
            NewTopic topic = new NewTopic(name, 1, replication).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new UserError("cannot create " + name + ": " + e.getCause().getMessage(), ExitCodes.FAILED);
            }
        } catch (TimeoutException e) {
            throw new UserError("no Kafka broker answered at " + clients.bootstrapServers() + " within " + TIMEOUT.toSeconds() + " s",
                    ExitCodes.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", ExitCodes.FAILED);
        }
    }
}
