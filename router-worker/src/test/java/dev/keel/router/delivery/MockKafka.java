package dev.keel.router.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Kafka's {@link MockConsumer} and {@link MockProducer}, wired together the way a broker would: a
 * committed transaction's offsets become the group's committed offsets, which the consumer reads on
 * assignment. The consumer's poll waits (up to its timeout) when it has nothing, like the real one,
 * so the loop under test does not spin.
 */
final class MockKafka {

    static final String REQUESTS = "requests";
    static final TopicPartition P0 = new TopicPartition(REQUESTS, 0);
    static final TopicPartition P1 = new TopicPartition(REQUESTS, 1);

    final Consumer consumer = new Consumer();
    final List<Producer> producers = new CopyOnWriteArrayList<>();
    /** Per record: null to accept it, or the exception the send fails with. Checked at each send. */
    volatile Function<ProducerRecord<byte[], byte[]>, RuntimeException> sendFailure = r -> null;
    /** Thrown by commitTransaction while set. */
    volatile RuntimeException commitFailure;
    /** Commits this many transactions and then throws a timeout, as a commit whose response was lost. */
    final java.util.concurrent.atomic.AtomicInteger commitsLostAfterSuccess = new java.util.concurrent.atomic.AtomicInteger();

    Producer newProducer() {
        Producer producer = new Producer();
        producers.add(producer);
        return producer;
    }

    /** Results committed by any producer, in order. */
    List<ProducerRecord<byte[], byte[]>> committedRecords() {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (Producer producer : producers) {
            out.addAll(producer.history());
        }
        return out;
    }

    List<String> committedValues(String topic) {
        return committedRecords().stream().filter(r -> r.topic().equals(topic))
                .map(r -> r.value() == null ? null : new String(r.value())).toList();
    }

    /** Offsets committed by transactions, as the group coordinator holds them. */
    final Map<TopicPartition, OffsetAndMetadata> group = new java.util.concurrent.ConcurrentHashMap<>();

    static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset, String value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, value.getBytes());
    }

    final class Consumer extends MockConsumer<byte[], byte[]> {
        Consumer() {
            super("earliest");
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty() && timeout.toMillis() > 0) {
                try {
                    wait(Math.min(timeout.toMillis(), 20));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }

        @Override
        public synchronized void addRecord(ConsumerRecord<byte[], byte[]> record) {
            super.addRecord(record);
            notifyAll();
        }

        @Override
        public synchronized void wakeup() {
            super.wakeup();
            notifyAll();
        }
    }

    final class Producer extends MockProducer<byte[], byte[]> {
        Producer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            RuntimeException failure = sendFailure.apply(record);
            if (failure != null) {
                if (callback != null) {
                    callback.onCompletion(null, failure);
                }
                return CompletableFuture.failedFuture(failure);
            }
            return super.send(record, callback);
        }

        @Override
        public void commitTransaction() {
            RuntimeException failure = commitFailure;
            if (failure != null) {
                throw failure;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = uncommittedOffsets().values().stream().findFirst().orElse(Map.of());
            super.commitTransaction();
            if (!offsets.isEmpty()) {
                group.putAll(offsets);
                consumer.commitSync(offsets);
            }
            if (commitsLostAfterSuccess.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new org.apache.kafka.common.errors.TimeoutException("commit response lost");
            }
        }
    }
}
