package dev.keel.router.pipeline;

import dev.keel.router.control.ControlState;
import dev.keel.router.delivery.Outcome;
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
 * One request record, start to finish: decode → validate → suppress duplicates → process → the
 * outcome to publish. An undecodable event, or one without a request id to answer, becomes a DLQ
 * entry; a readable but invalid request a REJECTED result. An exception while processing propagates,
 * so the delivery layer retries it a bounded number of times, then {@link #giveUp} answers FAILED
 * ({@code INTERNAL}): one bad request never stalls its partition. Thread-safe.
 */
public final class RequestHandler implements RecordHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestHandler.class);

    private final KeelSerde<PromptRequest> serde = KeelSerde.of(PromptRequest.class);
    private final RequestValidator validator;
    private final RequestProcessor processor;
    private final ResultOutcomes results;
    private final DeadLetters deadLetters;
    private final RecentRequests recent;
    private final ControlState control;
    private final String workerId;
    private final Clock clock;
    private final Counter duplicates;

    public RequestHandler(RequestValidator validator, RequestProcessor processor, ResultOutcomes results,
                          DeadLetters deadLetters, RecentRequests recent, ControlState control, String workerId,
                          Clock clock, MeterRegistry meters) {
        this.validator = validator;
        this.processor = processor;
        this.results = results;
        this.deadLetters = deadLetters;
        this.recent = recent;
        this.control = control;
        this.workerId = workerId;
        this.clock = clock;
        this.duplicates = Counter.builder("keel.worker.duplicates_suppressed")
                .description("Requests not processed again because this worker answered or is answering them").register(meters);
    }

    @Override
    public Outcome handle(ConsumerRecord<byte[], byte[]> record, Lane lane) throws InterruptedException {
        long pickedUp = clock.millis();
        PromptRequest request;
        switch (serde.decode(record.value())) {
            case Decoded.Failed<PromptRequest> failed -> {
                return deadLetters.of(record, failed.failure().code().name(), failed.failure().message());
            }
            case Decoded.Ok<PromptRequest> ok -> request = ok.value();
        }
        Optional<String> problem = validator.problem(request);
        String id = request.getRequestId();
        if (problem.isPresent() && (id == null || id.isBlank())) {
            return deadLetters.of(record, Results.INVALID_REQUEST, problem.get());
        }
        RequestContext context = context(record, lane, request, pickedUp);
        if (problem.isPresent()) {
            return results.of(Results.rejected(request, context, clock.millis(), Results.INVALID_REQUEST, problem.get()),
                    request.getReplyTo(), delivered -> { });
        }
        switch (recent.claim(id)) {
            case RecentRequests.Claim.Delivered d -> {
                duplicates.increment();
                LOGGER.debug("Duplicate suppressed request_id={}", id);
                return new Outcome.Nothing("duplicate of a request this worker delivered");
            }
            case RecentRequests.Claim.Running running -> {
                // Done only once the first copy is settled: if that copy is lost, its own record comes back.
                duplicates.increment();
                try {
                    running.firstCopy().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                return new Outcome.Nothing("duplicate of a request this worker was answering");
            }
            case RecentRequests.Claim.Claimed c -> {
                PromptResult result;
                try {
                    result = processor.process(request, context);
                } catch (RuntimeException | InterruptedException e) {
                    recent.settle(id, false);
                    throw e;
                }
                return results.of(result, request.getReplyTo(), delivered -> recent.settle(id, delivered));
            }
        }
    }

    @Override
    public Outcome giveUp(ConsumerRecord<byte[], byte[]> record, Lane lane, Exception cause) {
        long now = clock.millis();
        if (serde.decode(record.value()) instanceof Decoded.Ok<PromptRequest> ok
                && ok.value().getRequestId() != null && !ok.value().getRequestId().isBlank()) {
            PromptRequest request = ok.value();
            LOGGER.debug("Giving up detail request_id={}", request.getRequestId(), cause);
            PromptResult failed = Results.failed(request, context(record, lane, request, now), now, Results.INTERNAL,
                    "internal error in the worker (" + cause.getClass().getSimpleName() + ")");
            return results.of(failed, request.getReplyTo(), delivered -> { });
        }
        return deadLetters.of(record, Results.INTERNAL, "the worker failed on this record (" + cause.getClass().getSimpleName() + ")");
    }

    private RequestContext context(ConsumerRecord<byte[], byte[]> record, Lane lane, PromptRequest request, long pickedUp) {
        long createdAt = request.getCreatedAt() != null ? request.getCreatedAt() : record.timestamp();
        return new RequestContext(workerId, record.topic(), record.partition(), record.offset(), lane,
                createdAt, pickedUp, control.bypass());
    }
}
