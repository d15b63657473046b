package dev.keel.router.pipeline;

import dev.keel.kafka.Topic;
import dev.keel.router.WorkerMeters;
import dev.keel.router.delivery.Outcome;
import dev.keel.router.internal.RateLimitedLog;
import dev.keel.schemas.ErrorInfo;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A result as records to publish: keyed by {@code request_id} on the results topic, plus a copy on the
 * request's {@code reply_to} topic when that topic exists (a missing one is logged and skipped, it does
 * not hold the result back). Should Kafka refuse the records, the fallbacks are the result without its
 * copy, then a bare FAILED result ({@code RESULT_UNPUBLISHABLE}). Counted when delivered. Thread-safe.
 */
public final class ResultOutcomes {

    public static final String RESULT_UNPUBLISHABLE = "RESULT_UNPUBLISHABLE";
    private static final Logger LOGGER = LoggerFactory.getLogger(ResultOutcomes.class);

    private final Topic<String, PromptResult> results;
    private final ReplyTopics replyTopics;
    private final Meter.MeterProvider<Counter> published;
    private final RateLimitedLog warnings;
    private final WorkerMeters resultMeters;

    public ResultOutcomes(Topic<String, PromptResult> results, ReplyTopics replyTopics, Clock clock, MeterRegistry meters) {
        this.results = results;
        this.replyTopics = replyTopics;
        this.published = Counter.builder("keel.worker.results").description("Results delivered").withRegistry(meters);
        this.warnings = new RateLimitedLog(LOGGER, Duration.ofSeconds(10), clock);
        this.resultMeters = new WorkerMeters(meters);
    }

    /** @param settled also told whether the result reached Kafka (e.g. to remember the id as answered) */
    public Outcome.Publish of(PromptResult result, String replyTo, Consumer<Boolean> settled) {
        String id = result.getRequestId();
        Consumer<Boolean> counted = delivered -> {
            if (delivered) {
                published.withTags("status", result.getStatus().name(), "lane", result.getLane().name()).increment();
                resultMeters.record(result);
            }
            settled.accept(delivered);
        };
        ProducerRecord<byte[], byte[]> main = results.serialized(id, result);
        Supplier<Outcome.Publish> bare = () -> new Outcome.Publish(id, List.of(results.serialized(id, unpublishable(result))), null, counted);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(main);
        if (replyTo != null && !replyTo.equals(results.name())) {
            if (replyTopics.exists(replyTo)) {
                Topic<String, PromptResult> reply = new Topic<>(replyTo, results.keySerde(), results.valueSerde());
                records.add(reply.serialized(id, result));
            } else {
                warnings.warn("Reply topic missing, result published without its copy request_id=" + id + " reply_to=" + replyTo, null);
            }
        }
        if (records.size() == 1) {
            return new Outcome.Publish(id, records, bare, counted);
        }
        Outcome.Publish withoutCopy = new Outcome.Publish(id, List.of(main), bare, counted);
        return new Outcome.Publish(id, records, () -> withoutCopy, counted);
    }

    private static PromptResult unpublishable(PromptResult result) {
        return PromptResult.newBuilder(result)
                .setStatus(ResultStatus.FAILED)
                .setOutput(null)
                .setAttributes(java.util.Map.of())
                .setAttempts(List.of())
                .setDegradations(List.of())
                .setError(new ErrorInfo(RESULT_UNPUBLISHABLE, "Kafka refused the result (for example: larger than the topic accepts)"))
                .build();
    }
}
