package dev.keel.sim.internal;

/** A request body as a {@link Dialect} read it: the chat request, or the 400 that says what is wrong with it. */
sealed interface ParsedRequest {

    record Valid(ChatRequest request) implements ParsedRequest {
    }

    record Invalid(ErrorSpec error) implements ParsedRequest {
    }
}
