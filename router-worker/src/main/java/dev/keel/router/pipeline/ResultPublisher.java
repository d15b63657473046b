package dev.keel.router.pipeline;

import dev.keel.kafka.Topic;
import dev.keel.router.WorkerMeters;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a result keyed by {@code request_id} and waits for the broker's acknowledgement (the
 * producer is idempotent, so its own retries cannot duplicate it). A request's {@code reply_to}
 * topic gets a copy, best effort: a missing reply topic is logged, it does not hold the request.
 * Thread-safe.
 */
public final class ResultPublisher {

    private static final Logger LOGGER = LoggerFactory.getLogger(ResultPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final Producer<byte[], byte[]> replyProducer;
    private final Topic<String, PromptResult> results;
    private final Meter.MeterProvider<Counter> published;
    private final WorkerMeters resultMeters;

    /**
     * @param replyProducer a producer with a short {@code max.block.ms}, so an unknown reply topic fails fast
     */
    public ResultPublisher(Producer<byte[], byte[]> producer, Producer<byte[], byte[]> replyProducer,
                           Topic<String, PromptResult> results, MeterRegistry meters) {
        this.producer = producer;
        this.replyProducer = replyProducer;
        this.results = results;
        this.published = Counter.builder("keel.worker.results").description("Results published").withRegistry(meters);
        this.resultMeters = new WorkerMeters(meters);
    }

    public void publish(PromptResult result, String replyTo) throws InterruptedException {
        Acks.await(producer.send(results.serialized(result.getRequestId(), result)), "results " + results.name());
        published.withTags("status", result.getStatus().name(), "lane", result.getLane().name()).increment();
        resultMeters.record(result);
        if (replyTo != null && !replyTo.equals(results.name())) {
            Topic<String, PromptResult> reply = new Topic<>(replyTo, results.keySerde(), results.valueSerde());
            try {
                replyProducer.send(reply.serialized(result.getRequestId(), result), (meta, error) -> {
                    if (error != null) {
                        LOGGER.warn("Reply not delivered request_id={} reply_to={}: {}", result.getRequestId(), replyTo, error.toString());
                    }
                });
            } catch (RuntimeException e) {
                LOGGER.warn("Reply not delivered request_id={} reply_to={}: {}", result.getRequestId(), replyTo, e.toString());
            }
        }
    }
}
