package dev.keel.router.delivery;

import dev.keel.schemas.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A record handler for delivery tests: answers each record with one "result" carrying the record's
 * value (and a "fallback" result should Kafka refuse it), counts calls per value, can block a value on a
 * latch or make it throw a number of times.
 */
final class TestHandler implements RecordHandler {

    static final String RESULTS = "results";

    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> blocked = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> throwsLeft = new ConcurrentHashMap<>();
    final Map<String, Boolean> settled = new ConcurrentHashMap<>();

    @Override
    public Outcome handle(ConsumerRecord<byte[], byte[]> record, Lane lane) throws Exception {
        String value = new String(record.value());
        calls.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
        CountDownLatch latch = blocked.get(value);
        if (latch != null) {
            latch.await();
        }
        AtomicInteger left = throwsLeft.get(value);
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("handler failure for " + value);
        }
        return publish(value, "result:" + value);
    }

    @Override
    public Outcome giveUp(ConsumerRecord<byte[], byte[]> record, Lane lane, Exception cause) {
        String value = new String(record.value());
        return publish(value, "gave-up:" + value);
    }

    private Outcome publish(String value, String result) {
        Outcome.Publish fallback = new Outcome.Publish(value, List.of(new ProducerRecord<>(RESULTS, value.getBytes(), ("fallback:" + value).getBytes())), null);
        return new Outcome.Publish(value, List.of(new ProducerRecord<>(RESULTS, value.getBytes(), result.getBytes())), () -> fallback,
                delivered -> settled.merge(value, delivered, (a, b) -> a || b));
    }

    int calls(String value) {
        AtomicInteger n = calls.get(value);
        return n == null ? 0 : n.get();
    }
}
