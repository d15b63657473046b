package dev.keel.schemas;

import java.util.List;

/**
 * Facts derived from a {@link PromptResult} that several readers count the same way (the worker's meters,
 * the SLO engine, the demo's table, trace export), so they are defined once here.
 */
public final class ResultFacts {

    private ResultFacts() {
    }

    /**
     * A failover: a provider answered (SUCCESS, not from the cache) and it is not the provider the request was
     * first tried on. A hedged request whose first provider won is not a failover, though its attempts name two
     * providers (the cancelled hedge is recorded too); one the hedge won is.
     */
    public static boolean isFailover(PromptResult result) {
        if (result.getStatus() != ResultStatus.SUCCESS || result.getProvider() == null
                || result.getCache() == CacheOutcome.HIT || result.getCache() == CacheOutcome.STALE) {
            return false;
        }
        List<Attempt> attempts = result.getAttempts();
        return attempts != null && !attempts.isEmpty() && !attempts.getFirst().getProvider().equals(result.getProvider());
    }
}
