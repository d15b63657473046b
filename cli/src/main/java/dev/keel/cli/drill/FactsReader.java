package dev.keel.cli.drill;

import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what the report needs from the topics: {@code keel.control} from its beginning (compacted:
 * read the report before its segment rolls and compacts a revoke away, a week by default),
 * {@code llm.results} with {@code read_committed} from a little before the start to now, and
 * {@code slo.pages} from the start.
 */
final class FactsReader {

    /** Results are read from this long before the start (a result's record timestamp can precede completed_at slightly). */
    private static final Duration LEAD = Duration.ofMinutes(1);
    private static final Duration READ_LIMIT = Duration.ofMinutes(5);

    private FactsReader() {
    }

    static DrillFacts read(KafkaClients clients, KeelTopics topics, String drillId, List<DrillEvent> entries, long now) {
        long start = entries.stream().mapToLong(DrillEvent::getAt).min().orElse(now);
        List<DrillFacts.Control> control = new ArrayList<>();
        KeelSerde<ControlCommand> controlSerde = (KeelSerde<ControlCommand>) topics.control().valueSerde();
        TopicRange.read(clients, topics.control().name(), -1, READ_LIMIT, record -> {
            if (record.value() != null && controlSerde.decode(record.value()) instanceof Decoded.Ok<ControlCommand> ok) {
                ControlCommand c = ok.value();
                control.add(new DrillFacts.Control(c.getIssuedAt(), c.getSetting(), c.getValue(), c.getIssuedBy()));
            }
        });
        List<DrillFacts.Result> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        KeelSerde<PromptResult> resultSerde = (KeelSerde<PromptResult>) topics.results().valueSerde();
        TopicRange.read(clients, topics.results().name(), start - LEAD.toMillis(), READ_LIMIT, record -> {
            if (record.value() != null && resultSerde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok
                    && seen.add(ok.value().getRequestId())) {
                PromptResult r = ok.value();
                results.add(new DrillFacts.Result(r.getRequestId(), r.getCompletedAt(), r.getStatus(), r.getProvider(), r.getLane(),
                        r.getQueueMs() + r.getLatencyMs(), r.getCostUsd(),
                        r.getCache() == CacheOutcome.HIT || r.getCache() == CacheOutcome.STALE));
            }
        });
        List<DrillFacts.Page> pages = new ArrayList<>();
        KeelSerde<PageEvent> pageSerde = (KeelSerde<PageEvent>) topics.pages().valueSerde();
        TopicRange.read(clients, topics.pages().name(), start - LEAD.toMillis(), READ_LIMIT, record -> {
            if (record.value() != null && pageSerde.decode(record.value()) instanceof Decoded.Ok<PageEvent> ok) {
                PageEvent p = ok.value();
                pages.add(new DrillFacts.Page(p.getEmittedAt(), p.getAlertKey(), p.getState().name(), p.getSeverity().name(),
                        p.getSummary(), p.getRunbook()));
            }
        });
        return new DrillFacts(drillId, entries, control, results, pages, now);
    }
}
