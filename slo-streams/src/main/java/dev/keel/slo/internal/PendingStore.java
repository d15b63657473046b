package dev.keel.slo.internal;

import dev.keel.schemas.Lane;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The intake's partial buckets not yet sent to the engine, kept as live {@link Bucket} objects (no
 * encoding per result) and written to a changelogged key-value store only when Kafka Streams commits
 * (in {@link #flushCache}, which Streams 4.x calls for a {@link CachedStateStore} while preparing a commit, before
 * the offsets are committed; a plain store's {@link #commit} runs only after them). So a crash or a
 * restart loses nothing the committed offsets skipped, and a result costs no store write.
 * Keys in the backing store: {@link BucketKeys#key}. Stream-thread only.
 */
public final class PendingStore implements StateStore, CachedStateStore<String, byte[]> {

    /** A pending partial's identity. */
    public record Key(long minute, String scope, Lane lane) {
    }

    private final String name;
    private final KeyValueStore<String, byte[]> backing;
    private Map<Key, Bucket> live;
    private final Set<Key> dirty = new HashSet<>();
    private final Set<Key> removed = new HashSet<>();
    /** Keys the backing store holds (written at a commit, or restored): only these need a delete when drained. */
    private final Set<Key> stored = new HashSet<>();

    PendingStore(String name) {
        this(name, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of()).withCachingDisabled().build());
    }

    /** Over a given backing store (tests: an in-memory one). */
    PendingStore(String name, KeyValueStore<String, byte[]> backing) {
        this.name = name;
        this.backing = backing;
    }

    /** A builder registering the store (changelogged) under {@code name}. */
    public static StoreBuilder<PendingStore> builder(String name) {
        return new WriteBackStoreBuilder<>(name, PendingStore::new);
    }

    /** The partial of {@code key}, created empty when absent; the caller adds to it. */
    Bucket bucket(Key key) {
        Bucket b = live().computeIfAbsent(key, k -> Bucket.empty());
        dirty.add(key);
        return b;
    }

    /** Every pending partial, in no particular order; the store is empty afterwards. */
    Map<Key, Bucket> drain() {
        Map<Key, Bucket> all = new LinkedHashMap<>(live());
        removed.addAll(stored);
        stored.clear();
        dirty.clear();
        live.clear();
        return all;
    }

    boolean isEmpty() {
        return live().isEmpty();
    }

    /** Direct access to the backing store (tests restoring a changelog by hand). */
    public KeyValueStore<String, byte[]> backing() {
        return backing;
    }

    private Map<Key, Bucket> live() {
        if (live == null) {
            live = new HashMap<>();
            try (KeyValueIterator<String, byte[]> it = backing.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> e = it.next();
                    Key key = new Key(BucketKeys.startOf(e.key), BucketKeys.scopeOf(e.key), BucketKeys.laneOf(e.key));
                    live.put(key, Bucket.decode(e.value, true));
                    stored.add(key);
                }
            }
        }
        return live;
    }

    private void persist() {
        if (live == null) {
            return;
        }
        for (Key k : removed) {
            if (!dirty.contains(k)) {
                backing.delete(BucketKeys.key(k.minute(), k.scope(), k.lane()));
            }
        }
        for (Key k : dirty) {
            backing.put(BucketKeys.key(k.minute(), k.scope(), k.lane()), live.get(k).encode());
            stored.add(k);
        }
        removed.clear();
        dirty.clear();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        backing.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        persist();
        backing.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        persist();
        backing.commit(changelogOffsets);
    }

    /** The write-back, run by Streams before it commits the offsets. */
    @Override
    public void flushCache() {
        persist();
    }

    /** Drops the live layer, reloaded from the backing store on use (Streams recycles a task's stores after a commit). */
    @Override
    public void clearCache() {
        live = null;
        dirty.clear();
        removed.clear();
        stored.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void close() {
        backing.close();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return backing.isOpen();
    }
}
