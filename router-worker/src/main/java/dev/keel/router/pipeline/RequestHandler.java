package dev.keel.router.pipeline;

import dev.keel.router.control.ControlState;
import dev.keel.router.delivery.RecordHandler;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * One request record, start to finish: decode → validate → suppress duplicates → process → publish.
 * An undecodable event, or one without a request id to answer, goes to the DLQ with its reason; a
 * readable but invalid request gets a REJECTED result. An unexpected exception in processing becomes
 * a FAILED result ({@code INTERNAL}), so one bad request never stalls its partition. Thread-safe.
 */
public final class RequestHandler implements RecordHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestHandler.class);

    private final KeelSerde<PromptRequest> serde = KeelSerde.of(PromptRequest.class);
    private final RequestValidator validator;
    private final RequestProcessor processor;
    private final ResultPublisher publisher;
    private final DeadLetters deadLetters;
    private final RecentRequests recent;
    private final ControlState control;
    private final String workerId;
    private final Clock clock;
    private final Counter duplicates;

    public RequestHandler(RequestValidator validator, RequestProcessor processor, ResultPublisher publisher,
                          DeadLetters deadLetters, RecentRequests recent, ControlState control, String workerId,
                          Clock clock, MeterRegistry meters) {
        this.validator = validator;
        this.processor = processor;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.recent = recent;
        this.control = control;
        this.workerId = workerId;
        this.clock = clock;
        this.duplicates = Counter.builder("keel.worker.duplicates_suppressed")
                .description("Requests not processed again because this worker answered or is answering them").register(meters);
    }

    @Override
    public void handle(ConsumerRecord<byte[], byte[]> record, Lane lane) throws Exception {
        long pickedUp = clock.millis();
        PromptRequest request;
        switch (serde.decode(record.value())) {
            case Decoded.Failed<PromptRequest> failed -> {
                deadLetters.publish(record, failed.failure().code().name(), failed.failure().message());
                return;
            }
            case Decoded.Ok<PromptRequest> ok -> request = ok.value();
        }
        Optional<String> problem = validator.problem(request);
        if (problem.isPresent() && (request.getRequestId() == null || request.getRequestId().isBlank())) {
            deadLetters.publish(record, Results.INVALID_REQUEST, problem.get());
            return;
        }
        long createdAt = request.getCreatedAt() != null ? request.getCreatedAt() : record.timestamp();
        RequestContext context = new RequestContext(workerId, record.topic(), record.partition(), record.offset(), lane,
                createdAt, pickedUp, control.bypass());
        if (problem.isPresent()) {
            publisher.publish(Results.rejected(request, context, clock.millis(), Results.INVALID_REQUEST, problem.get()), request.getReplyTo());
            return;
        }
        if (!recent.claim(request.getRequestId())) {
            duplicates.increment();
            LOGGER.debug("Duplicate suppressed request_id={}", request.getRequestId());
            return;
        }
        boolean answered = false;
        try {
            PromptResult result;
            try {
                result = processor.process(request, context);
            } catch (RuntimeException e) {
                LOGGER.error("Processing failed request_id={}: {}", request.getRequestId(), e.toString());
                LOGGER.debug("Processing failure detail request_id={}", request.getRequestId(), e);
                result = Results.failed(request, context, clock.millis(), Results.INTERNAL,
                        "internal error in the worker (" + e.getClass().getSimpleName() + ")");
            }
            publisher.publish(result, request.getReplyTo());
            answered = true;
        } finally {
            recent.release(request.getRequestId(), answered);
        }
    }
}
