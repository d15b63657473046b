package dev.keel.router.routing;

import dev.keel.router.pipeline.Results;
import dev.keel.schemas.PromptResult;

import java.time.Clock;

/**
 * Stage: the end of a route no provider answered. When providers were called and failed (or none could be), an
 * answer given before beats an error: a cached answer, fresh or stale within {@code cache.stale-window}, is served
 * with the failed attempts (travel mode); otherwise FAILED, {@code ALL_PROVIDERS_FAILED}, naming each provider's
 * outcomes. A request that no provider was called for because the budget refused it is REJECTED with the first
 * refusal. Thread-safe.
 */
final class TravelMode {

    private final CacheRead cacheRead;
    private final Clock clock;

    TravelMode(CacheRead cacheRead, Clock clock) {
        this.cacheRead = cacheRead;
        this.clock = clock;
    }

    PromptResult serve(RouteState trip) {
        if (!trip.providerTried && trip.firstRejection != null) {
            return Results.rejected(trip.request, trip.context, clock.millis(), trip.firstRejection.code(),
                    trip.firstRejection.message());
        }
        return cacheRead.anyAnswer(trip).orElseGet(() -> Results.failed(trip.request, trip.context, clock.millis(),
                trip.attempts, Results.ALL_PROVIDERS_FAILED,
                trip.attempts.isEmpty() ? "no provider is enabled" : Results.everyProviderFailed(trip.attempts)));
    }
}
