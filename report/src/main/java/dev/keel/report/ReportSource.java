package dev.keel.report;

import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.report.internal.TopicScan;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.SliSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads {@code slo.sli} and {@code slo.pages} for one scope and window. A snapshot emitted twice (the
 * SLO app is at-least-once) counts once: the latest copy per scope, lane and window start wins.
 */
public final class ReportSource {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReportSource.class);

    private final KeelConfig config;

    public ReportSource(KeelConfig config) {
        this.config = config;
    }

    /**
     * The trailing window of {@code length} ending at the last closed minute on {@code slo.sli}; empty
     * when the topic holds nothing.
     */
    public Optional<ReportWindow> trailing(Duration length) {
        try (TopicScan scan = new TopicScan(new KafkaClients(config.kafka()), config.topics().sli())) {
            OptionalLong latest = scan.latestTimestamp();
            return latest.isPresent() ? Optional.of(ReportWindow.trailing(length, latest.getAsLong())) : Optional.empty();
        }
    }

    public ReportInput read(String scope, ReportWindow window) {
        KafkaClients kafka = new KafkaClients(config.kafka());
        KeelSerde<SliSnapshot> sliSerde = KeelSerde.of(SliSnapshot.class);
        Map<String, SliSnapshot> snapshots = new LinkedHashMap<>();
        Long sliStart;
        try (TopicScan scan = new TopicScan(kafka, config.topics().sli())) {
            sliStart = boxed(scan.earliestTimestamp());
            // Record time of a snapshot = its window end, so a window starting at `from` is stamped from + 1 minute.
            scan.readFrom(window.from(), r -> {
                if (r.value() != null && sliSerde.decode(r.value()) instanceof Decoded.Ok<SliSnapshot> ok) {
                    SliSnapshot s = ok.value();
                    if (s.getScope().equals(scope) && window.covers(s.getWindowStart(), s.getWindowEnd())) {
                        snapshots.put(s.getLane() + "|" + s.getWindowStart(), s);
                    }
                } else {
                    LOGGER.warn("Unreadable SLI snapshot skipped topic={} partition={} offset={}", r.topic(), r.partition(), r.offset());
                }
            });
        }
        KeelSerde<PageEvent> pageSerde = KeelSerde.of(PageEvent.class);
        List<PageEvent> pages = new ArrayList<>();
        Long pagesStart;
        try (TopicScan scan = new TopicScan(kafka, config.topics().pages())) {
            pagesStart = boxed(scan.earliestTimestamp());
            scan.readFrom(0, r -> {
                if (r.value() != null && pageSerde.decode(r.value()) instanceof Decoded.Ok<PageEvent> ok && ok.value().getScope().equals(scope)) {
                    pages.add(ok.value());
                }
            });
        }
        return new ReportInput(new ArrayList<>(snapshots.values()), pages, sliStart, pagesStart);
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
