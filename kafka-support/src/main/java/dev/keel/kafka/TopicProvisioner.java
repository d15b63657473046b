package dev.keel.kafka;

import dev.keel.config.TopicsConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the Keel topics that do not exist yet, with the partition counts and replication the
 * config says. Existing topics are left alone (their partition count is the operator's business).
 * The control topic is compacted (the latest command per setting is the state workers start from), and
 * so are the workers topic (the latest report per worker) and the drills topic (every drill entry has a
 * key of its own). {@code slo.sli} and {@code slo.pages} keep
 * {@link #SLO_RETENTION} (30 days plus a day of margin), so {@code keel report} can cover the 30-day window
 * (a broker's default is 7 days).
 */
public final class TopicProvisioner {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_MS = 30_000;
    /** How long the SLI and page topics keep records: the 30-day SLO window plus a day. */
    public static final java.time.Duration SLO_RETENTION = java.time.Duration.ofDays(31);

    private TopicProvisioner() {
    }

    /** Returns the names it created. */
    public static List<String> ensureTopics(Admin admin, TopicsConfig topics) {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
        List<NewTopic> missing = new ArrayList<>();
        topics.partitionsByTopic().forEach((name, partitions) -> {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(name, partitions, topics.replicationFactor());
                if (name.equals(topics.control()) || name.equals(topics.workers()) || name.equals(topics.drills())) {
                    topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));
                } else if (name.equals(topics.sli()) || name.equals(topics.pages())) {
                    topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(SLO_RETENTION.toMillis())));
                }
                missing.add(topic);
            }
        });
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                created.add(name);
                LOGGER.info("Created topic topic={}", name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + rootMessage(e), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            }
        });
        return created;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
