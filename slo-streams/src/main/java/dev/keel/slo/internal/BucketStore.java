package dev.keel.slo.internal;

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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's minute and hour buckets ({@link BucketKeys} keys, {@link Bucket#encode()} values) with a
 * write-back layer of live {@link Bucket} objects: adding a partial to its minute, or a closing minute to its
 * hour, merges into the object ({@link #forUpdate}) instead of decoding and re-encoding the bucket and its sketch
 * each time. Changed buckets are encoded and written to the changelogged backing store only when Kafka Streams
 * commits, in {@link #flushCache}: Streams (4.x) calls a {@link CachedStateStore}'s {@code flushCache} while preparing
 * the commit, before the producer is flushed and the offsets are committed, but a plain store's {@link #commit} only
 * after the offsets (when it checkpoints). So a crash loses nothing the committed offsets skipped. Reads ({@link #buckets}, {@link #firstKey}) see the live layer over the store.
 * Not a {@code KeyValueStore} (Streams would wrap it and hide these methods), so not queryable interactively.
 * Stream-thread only.
 */
public final class BucketStore implements StateStore, CachedStateStore<String, byte[]> {

    /** Clean live buckets kept between commits at most; past this the write-back drops them (they decode again on use). */
    static final int MAX_LIVE = 4096;

    private final String name;
    private final KeyValueStore<String, byte[]> backing;
    private final NavigableMap<String, Bucket> live = new TreeMap<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> deleted = new HashSet<>();

    BucketStore(String name) {
        this(name, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of()).withCachingDisabled().build());
    }

    /** Over a given backing store (tests: an in-memory one). */
    public BucketStore(String name, KeyValueStore<String, byte[]> backing) {
        this.name = name;
        this.backing = backing;
    }

    /** A builder registering the store (changelogged) under {@code name}. */
    public static StoreBuilder<BucketStore> builder(String name) {
        return new WriteBackStoreBuilder<>(name, BucketStore::new);
    }

    /** The live bucket of {@code key}, created empty when absent; the caller adds to it and it is written back at the next commit. */
    Bucket forUpdate(String key) {
        Bucket b = live.get(key);
        if (b == null) {
            byte[] stored = deleted.contains(key) ? null : backing.get(key);
            b = stored == null ? Bucket.empty() : Bucket.decode(stored, true);
            live.put(key, b);
        }
        deleted.remove(key);
        dirty.add(key);
        return b;
    }

    /**
     * The buckets with keys in [from, to] (inclusive, like {@link #range}), in key order. The values may be the
     * live objects: read them, do not change or keep them.
     */
    NavigableMap<String, Bucket> buckets(String from, String to) {
        NavigableMap<String, Bucket> out = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = backing.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (!deleted.contains(e.key) && !live.containsKey(e.key)) {
                    out.put(e.key, Bucket.decode(e.value, true));
                }
            }
        }
        out.putAll(live.subMap(from, true, to, true));
        return out;
    }

    /** The first key in [from, to] (inclusive), or null. */
    String firstKey(String from, String to) {
        String fromLive = live.isEmpty() ? null : live.ceilingKey(from);
        if (fromLive != null && fromLive.compareTo(to) > 0) {
            fromLive = null;
        }
        String upper = fromLive != null ? fromLive : to;
        try (KeyValueIterator<String, byte[]> it = backing.range(from, upper)) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (!deleted.contains(key)) {
                    return fromLive == null || key.compareTo(fromLive) < 0 ? key : fromLive;
                }
            }
        }
        return fromLive;
    }

    /** Removes every key in [from, to] (inclusive). */
    void removeRange(String from, String to) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = backing.range(from, to)) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.addAll(live.subMap(from, true, to, true).keySet());
        keys.forEach(this::remove);
    }

    private void remove(String key) {
        live.remove(key);
        dirty.remove(key);
        deleted.add(key);
    }

    /** Writes every changed bucket (and pending delete) to the backing store. */
    private void writeBack() {
        for (String key : deleted) {
            backing.delete(key);
        }
        for (String key : dirty) {
            backing.put(key, live.get(key).encode());
        }
        deleted.clear();
        dirty.clear();
        if (live.size() > MAX_LIVE) {
            live.clear();
        }
    }

    /** Direct access to the backing store (tests). */
    public KeyValueStore<String, byte[]> backing() {
        return backing;
    }

    // StateStore

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        live.clear();
        dirty.clear();
        deleted.clear();
        backing.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeBack();
        backing.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeBack();
        backing.commit(changelogOffsets);
    }

    /** The write-back, run by Streams before it commits the offsets (this store's "cache" is its live layer). */
    @Override
    public void flushCache() {
        writeBack();
    }

    /** Drops the live layer (Streams recycles a task's stores after a commit: nothing is dirty then). */
    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
        deleted.clear();
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
