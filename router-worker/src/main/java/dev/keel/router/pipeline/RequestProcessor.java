package dev.keel.router.pipeline;

import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;

/**
 * Turns a valid request into its one result: budget, cache, routing, provider calls. Must not
 * throw for provider failures or budget decisions (those are results); called concurrently from
 * virtual threads.
 */
@FunctionalInterface
public interface RequestProcessor {
    PromptResult process(PromptRequest request, RequestContext context) throws InterruptedException;
}
