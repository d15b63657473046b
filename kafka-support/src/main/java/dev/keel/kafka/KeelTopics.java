package dev.keel.kafka;

import dev.keel.config.TopicsConfig;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import dev.keel.schemas.WorkerStatus;
import org.apache.kafka.common.serialization.Serdes;


/** Every Keel topic, typed, with names from {@code topics:} of the config. Immutable. */
public record KeelTopics(
        Topic<String, PromptRequest> requests,
        Topic<String, PromptRequest> requestsBatch,
        Topic<String, PromptResult> results,
        Topic<byte[], byte[]> dlq,
        Topic<String, SliSnapshot> sli,
        Topic<String, PageEvent> pages,
        Topic<String, ControlCommand> control,
        Topic<String, WorkerStatus> workers,
        Topic<String, DrillEvent> drills) {

    public static KeelTopics from(TopicsConfig config) {
        return new KeelTopics(
                new Topic<>(config.requests(), Serdes.String(), KeelSerde.of(PromptRequest.class)),
                new Topic<>(config.requestsBatch(), Serdes.String(), KeelSerde.of(PromptRequest.class)),
                new Topic<>(config.results(), Serdes.String(), KeelSerde.of(PromptResult.class)),
                Topic.raw(config.dlq()),
                new Topic<>(config.sli(), Serdes.String(), KeelSerde.of(SliSnapshot.class)),
                new Topic<>(config.pages(), Serdes.String(), KeelSerde.of(PageEvent.class)),
                new Topic<>(config.control(), Serdes.String(), KeelSerde.of(ControlCommand.class)),
                new Topic<>(config.workers(), Serdes.String(), KeelSerde.of(WorkerStatus.class)),
                new Topic<>(config.drills(), Serdes.String(), KeelSerde.of(DrillEvent.class)));
    }
}
