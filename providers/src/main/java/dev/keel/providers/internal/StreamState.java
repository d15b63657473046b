package dev.keel.providers.internal;

import dev.keel.providers.Usage;

/**
 * Reads one provider's streamed events and accumulates the answer. Not thread-safe: one per stream,
 * fed by the reading thread only.
 */
interface StreamState {

    /** What an event meant for the call. */
    enum Step {
        /** Generated text arrived (counts for TTFT and idle). */
        CONTENT,
        /**
         * A reasoning delta (Anthropic {@code thinking_delta}, OpenAI-compatible {@code reasoning_content}): the
         * provider is alive and working, which meets the TTFT deadline and resets the idle one, but it is not the
         * answer, so the call's {@code ttft} still waits for the first {@link #CONTENT}.
         */
        REASONING,
        /** Anything else that keeps the stream valid: start events, role-only deltas, pings, usage. */
        PROGRESS,
        /** The protocol's terminator ({@code [DONE]}, {@code message_stop}). */
        END,
        /** An error event or an unreadable event; see {@link #failure()}. */
        FAILED
    }

    Step accept(SseEvent event);

    /** Set once {@link #accept} returned {@link Step#FAILED}. */
    Failure failure();

    String output();

    String model();

    /** The usage reported so far (complete once the stream ended). */
    Usage usage();

    /** The terminator this protocol expects, for the detail of a truncated stream. */
    String terminator();
}
