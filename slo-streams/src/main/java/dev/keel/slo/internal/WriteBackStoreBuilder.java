package dev.keel.slo.internal;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Map;
import java.util.function.Function;

/**
 * Builds one of the engine's write-back stores ({@link BucketStore}, {@link PendingStore}): each wraps its own
 * changelogged RocksDB store and keeps its live layer itself, so Streams' caching and logging switches do not apply.
 */
record WriteBackStoreBuilder<S extends StateStore>(String name, Function<String, S> factory) implements StoreBuilder<S> {

    @Override
    public StoreBuilder<S> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<S> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingEnabled(Map<String, String> config) {
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingDisabled() {
        return this;
    }

    @Override
    public S build() {
        return factory.apply(name);
    }

    @Override
    public Map<String, String> logConfig() {
        return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
        return true;
    }
}
