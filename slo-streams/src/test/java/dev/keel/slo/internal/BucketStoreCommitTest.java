package dev.keel.slo.internal;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back stores persist in {@code flushCache}, the step Kafka Streams runs before it commits the offsets
 * (a plain store's {@code commit} runs only after them).
 */
class BucketStoreCommitTest {

    private static KeyValueStore<String, byte[]> backing(String name) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void bucketsAreWrittenWhenStreamsFlushesCachesBeforeTheOffsetCommit() {
        KeyValueStore<String, byte[]> backing = backing("m");
        BucketStore store = new BucketStore("m", backing);
        store.forUpdate("k").addCount(3);
        assertThat(backing.get("k")).isNull();

        assertThat(store).isInstanceOf(CachedStateStore.class);
        store.flushCache();
        assertThat(Bucket.decode(backing.get("k"), true).count()).isEqualTo(3);
    }

    @Test
    void clearCacheDropsTheLiveLayerSoReadsComeFromTheBackingStore() {
        KeyValueStore<String, byte[]> backing = backing("h");
        BucketStore store = new BucketStore("h", backing);
        store.forUpdate("k").addCount(2);
        store.flushCache();
        Bucket other = Bucket.empty();
        other.addCount(5);
        backing.put("k", other.encode());

        store.clearCache();

        assertThat(store.buckets("k", "k").get("k").count()).isEqualTo(5);
    }

    @Test
    void pendingPartialsAreWrittenWhenStreamsFlushesCaches() {
        KeyValueStore<String, byte[]> backing = backing("p");
        PendingStore store = new PendingStore("p", backing);
        store.bucket(new PendingStore.Key(60_000, "global", dev.keel.schemas.Lane.INTERACTIVE)).addCount(4);
        assertThat(backing.approximateNumEntries()).isZero();

        assertThat(store).isInstanceOf(CachedStateStore.class);
        store.flushCache();

        assertThat(backing.approximateNumEntries()).isEqualTo(1);
    }
}
