package dev.keel.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.Objects;

/**
 * A topic name with the serdes of its keys and values, so a producer or consumer cannot pair a
 * name with the wrong types. Built from config ({@link KeelTopics}), never from static strings.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** A topic whose values are read and written as raw bytes (the DLQ keeps the original bytes). */
    public static Topic<byte[], byte[]> raw(String name) {
        return new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** Serialized form of a record for a producer of bytes. */
    public ProducerRecord<byte[], byte[]> serialized(K key, V value) {
        return new ProducerRecord<>(name,
                key == null ? null : keySerde.serializer().serialize(name, key),
                value == null ? null : valueSerde.serializer().serialize(name, value));
    }

    @Override
    public String toString() {
        return name;
    }
}
