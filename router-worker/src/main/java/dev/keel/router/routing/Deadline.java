package dev.keel.router.routing;

import dev.keel.router.pipeline.RequestContext;
import dev.keel.router.pipeline.Results;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;

import java.time.Clock;
import java.util.Optional;

/**
 * Stage: the deadline. {@code deadline_ms} is an absolute epoch-millisecond time; a request picked up after it
 * fails at once ({@code DEADLINE_EXCEEDED}) with no provider call, and otherwise it caps every call. Thread-safe.
 */
final class Deadline {

    private final Clock clock;

    Deadline(Clock clock) {
        this.clock = clock;
    }

    /** The request's absolute deadline, or {@code Long.MAX_VALUE} when it has none. */
    static long of(PromptRequest request) {
        return request.getDeadlineMs() == null ? Long.MAX_VALUE : request.getDeadlineMs();
    }

    /** The FAILED result of a request whose deadline passed before it was picked up, else empty. */
    Optional<PromptResult> missed(PromptRequest request, RequestContext context) {
        long now = clock.millis();
        long deadline = of(request);
        if (now < deadline) {
            return Optional.empty();
        }
        return Optional.of(Results.failed(request, context, now, Results.DEADLINE_EXCEEDED,
                "the deadline passed " + (now - deadline) + " ms before a worker picked the request up"));
    }
}
