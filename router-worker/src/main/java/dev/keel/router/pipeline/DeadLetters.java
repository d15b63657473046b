package dev.keel.router.pipeline;

import dev.keel.kafka.Topic;
import dev.keel.router.delivery.Outcome;
import dev.keel.router.internal.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The DLQ entry for an event the worker cannot serve: the original key, bytes and headers, plus
 * {@code keel.error.code}, {@code keel.error.message} and the source coordinates. Published by the
 * delivery layer like a result (in the same transaction as the source offset under exactly-once);
 * should Kafka refuse it, the fallback keeps the headers and drops the value. Thread-safe.
 */
public final class DeadLetters {

    public static final String ERROR_CODE = "keel.error.code";
    public static final String ERROR_MESSAGE = "keel.error.message";
    public static final String SOURCE_TOPIC = "keel.source.topic";
    public static final String SOURCE_PARTITION = "keel.source.partition";
    public static final String SOURCE_OFFSET = "keel.source.offset";
    public static final String WORKER_ID = "keel.worker.id";
    public static final String FAILED_AT = "keel.failed.at";

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final Topic<byte[], byte[]> dlq;
    private final String workerId;
    private final Clock clock;
    private final Meter.MeterProvider<Counter> deadLettered;
    private final RateLimitedLog warnings;

    public DeadLetters(Topic<byte[], byte[]> dlq, String workerId, Clock clock, MeterRegistry meters) {
        this.dlq = dlq;
        this.workerId = workerId;
        this.clock = clock;
        this.deadLettered = Counter.builder("keel.worker.dead_letters").description("Events sent to the DLQ").withRegistry(meters);
        this.warnings = new RateLimitedLog(LOGGER, Duration.ofSeconds(10), clock);
    }

    public Outcome.Publish of(ConsumerRecord<byte[], byte[]> source, String code, String message) {
        String where = "topic=" + source.topic() + " partition=" + source.partition() + " offset=" + source.offset();
        java.util.function.Consumer<Boolean> settled = delivered -> {
            if (delivered) {
                deadLettered.withTags("code", code).increment();
                // A flood of bad events must not bury the log: each at DEBUG, a WARN at most every 10 s with a count.
                LOGGER.debug("Dead-lettered {} code={} reason={}", where, code, message);
                warnings.warn("Dead-lettered " + where + " code=" + code + " reason=" + message, null);
            }
        };
        String id = "dlq:" + source.topic() + "/" + source.partition() + "/" + source.offset();
        Outcome.Publish headersOnly = new Outcome.Publish(id, List.of(entry(source, null, code, message)), null, settled);
        return new Outcome.Publish(id, List.of(entry(source, source.value(), code, message)), () -> headersOnly, settled);
    }

    private ProducerRecord<byte[], byte[]> entry(ConsumerRecord<byte[], byte[]> source, byte[] value, String code, String message) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlq.name(), null, source.key(), value);
        for (Header header : source.headers()) {
            out.headers().add(header);
        }
        out.headers()
                .add(ERROR_CODE, utf8(code))
                .add(ERROR_MESSAGE, utf8(message))
                .add(SOURCE_TOPIC, utf8(source.topic()))
                .add(SOURCE_PARTITION, utf8(String.valueOf(source.partition())))
                .add(SOURCE_OFFSET, utf8(String.valueOf(source.offset())))
                .add(WORKER_ID, utf8(workerId))
                .add(FAILED_AT, utf8(String.valueOf(clock.millis())));
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
