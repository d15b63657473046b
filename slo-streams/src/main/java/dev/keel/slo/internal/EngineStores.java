package dev.keel.slo.internal;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The engine's state stores (names in {@code SloTopology}): minute and hour buckets, request counts
 * per minute, alert states, engine metadata (clock, last closed window, admitted scopes) and the
 * per-scope status read by the status endpoint.
 */
public record EngineStores(
        BucketStore minutes,
        BucketStore hours,
        KeyValueStore<String, Long> requests,
        KeyValueStore<String, byte[]> alerts,
        KeyValueStore<String, String> meta,
        KeyValueStore<String, String> status) {
}
