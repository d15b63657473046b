package dev.keel.providers.internal;

import dev.keel.providers.Usage;

/** A successful answer read from a complete (non-streamed) response body. */
record Answer(String output, String model, Usage usage) {
}
