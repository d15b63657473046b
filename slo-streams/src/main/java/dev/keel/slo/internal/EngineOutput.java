package dev.keel.slo.internal;

import dev.keel.schemas.PageEvent;
import dev.keel.schemas.SliSnapshot;

/** A record the engine emits, with its key and event timestamp (the end of the window that produced it). */
public sealed interface EngineOutput {

    String key();

    long timestamp();

    record Sli(String key, SliSnapshot value, long timestamp) implements EngineOutput {
    }

    record Page(String key, PageEvent value, long timestamp) implements EngineOutput {
    }
}
