package dev.keel.cli;

import dev.keel.config.TopicsConfig;
import dev.keel.schemas.BatchProgress;
import dev.keel.schemas.ControlCommand;
import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.SliSnapshot;
import dev.keel.schemas.WorkerStatus;
import dev.keel.schemas.KeelSerde;
import org.apache.avro.specific.SpecificRecord;

import java.util.Optional;
import java.util.function.Function;

/**
 * The record type of each Keel topic, with the field that is its Kafka key and the field that is its
 * timestamp, so {@code keel replay} publishes records exactly as Keel itself would.
 */
enum RecordType {
    REQUEST(PromptRequest.class, r -> ((PromptRequest) r).getRequestId(),
            r -> ((PromptRequest) r).getCreatedAt()),
    RESULT(PromptResult.class, r -> ((PromptResult) r).getRequestId(), r -> ((PromptResult) r).getCompletedAt()),
    SLI(SliSnapshot.class, r -> ((SliSnapshot) r).getScope(), r -> ((SliSnapshot) r).getWindowEnd()),
    PAGE(PageEvent.class, r -> ((PageEvent) r).getAlertKey(), r -> ((PageEvent) r).getEvaluatedAt()),
    CONTROL(ControlCommand.class, r -> ((ControlCommand) r).getSetting(), r -> ((ControlCommand) r).getIssuedAt()),
    WORKER(WorkerStatus.class, r -> ((WorkerStatus) r).getWorkerId(), r -> ((WorkerStatus) r).getReportedAt()),
    DRILL(DrillEvent.class, r -> ((DrillEvent) r).getDrillId() + "/" + ((DrillEvent) r).getKind() + "/" + ((DrillEvent) r).getAt(),
            r -> ((DrillEvent) r).getAt()),
    BATCH_PROGRESS(BatchProgress.class, r -> ((BatchProgress) r).getJob(), r -> ((BatchProgress) r).getAt());

    private final Class<? extends SpecificRecord> recordClass;
    private final Function<SpecificRecord, String> key;
    private final Function<SpecificRecord, Long> timestamp;
    private final KeelSerde<? extends SpecificRecord> serde;

    RecordType(Class<? extends SpecificRecord> recordClass, Function<SpecificRecord, String> key, Function<SpecificRecord, Long> timestamp) {
        this.recordClass = recordClass;
        this.key = key;
        this.timestamp = timestamp;
        this.serde = KeelSerde.of(recordClass);
    }

    /** The serde of this type, made once (encoders and decoders are thread-safe). */
    KeelSerde<? extends SpecificRecord> serde() {
        return serde;
    }

    Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    String keyOf(SpecificRecord record) {
        return key.apply(record);
    }

    /** The record's own time, or null to let the producer stamp it. */
    Long timestampOf(SpecificRecord record) {
        return timestamp.apply(record);
    }

    static Optional<RecordType> ofRecordName(String fullName) {
        for (RecordType type : values()) {
            if (type.recordClass.getName().equals(fullName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type of a configured topic; empty for the DLQ (raw bytes) and unknown topics. */
    static Optional<RecordType> ofTopic(String topic, TopicsConfig topics) {
        if (topic.equals(topics.requests()) || topic.equals(topics.requestsBatch())) {
            return Optional.of(REQUEST);
        }
        if (topic.equals(topics.results())) {
            return Optional.of(RESULT);
        }
        if (topic.equals(topics.sli())) {
            return Optional.of(SLI);
        }
        if (topic.equals(topics.pages())) {
            return Optional.of(PAGE);
        }
        if (topic.equals(topics.control())) {
            return Optional.of(CONTROL);
        }
        if (topic.equals(topics.workers())) {
            return Optional.of(WORKER);
        }
        if (topic.equals(topics.drills())) {
            return Optional.of(DRILL);
        }
        return Optional.empty();
    }
}
