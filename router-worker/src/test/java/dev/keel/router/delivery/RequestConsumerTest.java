package dev.keel.router.delivery;

import dev.keel.config.WorkerConfig;
import dev.keel.schemas.Lane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.keel.router.delivery.MockKafka.P0;
import static dev.keel.router.delivery.MockKafka.P1;
import static dev.keel.router.delivery.MockKafka.REQUESTS;
import static dev.keel.router.delivery.MockKafka.record;
import static dev.keel.router.delivery.TestHandler.RESULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The poll loop against Kafka's MockConsumer and MockProducer: every way a record can fail to finish. */
class RequestConsumerTest {

    private static final WorkerConfig CONFIG = new WorkerConfig("w", "g", 16, null, Duration.ofMillis(20), Duration.ofMillis(400));
    private static final Duration AT_MOST = Duration.ofSeconds(20);

    private final MockKafka kafka = new MockKafka();
    private final TestHandler handler = new TestHandler();
    private final WorkerHealth health = new WorkerHealth(Clock.systemUTC());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private RequestConsumer loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.shutdown();
            assertThat(loop.awaitStopped(Duration.ofSeconds(20))).isTrue();
        }
    }

    private void startExactlyOnce(TopicPartition... assigned) {
        loop = RequestConsumer.exactlyOnce(kafka.consumer, Map.of(REQUESTS, Lane.INTERACTIVE), handler, CONFIG,
                kafka::newProducer, health, meters, Clock.systemUTC());
        start(assigned);
    }

    private void start(TopicPartition... assigned) {
        Map<TopicPartition, Long> beginning = new HashMap<>();
        for (TopicPartition partition : assigned) {
            beginning.put(partition, 0L);
        }
        kafka.consumer.updateBeginningOffsets(beginning);
        assign(assigned);
        Thread.ofPlatform().name("loop-under-test").start(loop);
    }

    private void assign(TopicPartition... partitions) {
        kafka.consumer.schedulePollTask(() -> kafka.consumer.rebalance(List.of(partitions)));
    }

    private void offer(TopicPartition partition, long offset, String value) {
        kafka.consumer.schedulePollTask(() -> kafka.consumer.addRecord(record(partition, offset, value)));
    }

    private void awaitGroupOffset(TopicPartition partition, long offset) {
        await().atMost(AT_MOST).untilAsserted(() -> assertThat(kafka.group.get(partition))
                .isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(offset));
    }

    @Test
    void shouldCommitResultsAndOffsetsInOneTransactionWhenRecordsFinish() {
        // Given
        startExactlyOnce(P0, P1);

        // When
        offer(P0, 0, "a");
        offer(P0, 1, "b");
        offer(P1, 0, "c");

        // Then
        awaitGroupOffset(P0, 2);
        awaitGroupOffset(P1, 1);
        assertThat(kafka.committedValues(RESULTS)).containsExactlyInAnyOrder("result:a", "result:b", "result:c");
        assertThat(handler.settled).containsEntry("a", true).containsEntry("b", true).containsEntry("c", true);
    }

    @Test
    void shouldKeepDoneOffsetsBeyondARunningOneInTheCommitMetadataWhenRecordsFinishOutOfOrder() {
        // Given
        handler.blocked.put("slow", new CountDownLatch(1));
        startExactlyOnce(P0);

        // When
        offer(P0, 0, "slow");
        offer(P0, 1, "b");
        offer(P0, 2, "c");

        // Then: the commit point stays at the running record, the two after it travel in the metadata
        await().atMost(AT_MOST).untilAsserted(() -> {
            OffsetAndMetadata committed = kafka.group.get(P0);
            assertThat(committed).isNotNull();
            assertThat(committed.offset()).isZero();
            assertThat(DoneOffsetsCodec.decode(0, committed.metadata())).contains(new TreeSet<>(List.of(1L, 2L)));
        });
        handler.blocked.get("slow").countDown();
        awaitGroupOffset(P0, 3);
        assertThat(kafka.group.get(P0).metadata()).isEmpty();
    }

    @Test
    void shouldRetryARefusedResultAndThenPublishItsFallbackWhenKafkaKeepsRefusingIt() {
        // Given: Kafka refuses one result (too large); the other record shares its transactions
        kafka.sendFailure = r -> new String(r.value()).equals("result:big") ? new RecordTooLargeException("too large") : null;
        startExactlyOnce(P0);

        // When
        offer(P0, 0, "big");
        offer(P0, 1, "x");

        // Then: nothing wedges; the refused one is answered by its fallback, the other by its result, once each
        awaitGroupOffset(P0, 2);
        assertThat(kafka.committedValues(RESULTS)).containsExactlyInAnyOrder("fallback:big", "result:x");
        assertThat(health.state()).isEqualTo(WorkerHealth.State.OK);
    }

    @Test
    void shouldReportDegradedAndDeliverOnceWhenSendsTimeOutUntilTheBrokerIsBack() {
        // Given: every send times out (a broker away for longer than delivery.timeout.ms)
        kafka.sendFailure = r -> new TimeoutException("expired");
        startExactlyOnce(P0);

        // When
        offer(P0, 0, "a");

        // Then
        await().atMost(AT_MOST).until(() -> health.state() == WorkerHealth.State.DEGRADED);
        assertThat(kafka.committedValues(RESULTS)).isEmpty();
        kafka.sendFailure = r -> null;
        awaitGroupOffset(P0, 1);
        assertThat(kafka.committedValues(RESULTS)).containsExactly("result:a");
        await().atMost(AT_MOST).until(() -> health.state() == WorkerHealth.State.OK);
        assertThat(handler.calls("a")).isEqualTo(1);
    }

    @Test
    void shouldNotPublishAgainWhenACommitSucceededButItsResponseWasLost() {
        // Given: the first commit reaches the broker, its answer does not (the fate is unknown to the worker)
        kafka.commitsLostAfterSuccess.set(1);
        startExactlyOnce(P0);

        // When
        offer(P0, 0, "a");
        awaitGroupOffset(P0, 1);
        offer(P0, 1, "b");

        // Then: a new producer, the group's offsets say "a" made it; it is not sent again
        awaitGroupOffset(P0, 2);
        assertThat(kafka.committedValues(RESULTS)).containsExactly("result:a", "result:b");
        assertThat(kafka.producers).hasSizeGreaterThanOrEqualTo(2);
        assertThat(handler.settled).containsEntry("a", true);
    }

    @Test
    void shouldRetryAThrowingHandlerAndThenAnswerWithGiveUpWhenItKeepsThrowing() {
        // Given
        handler.throwsLeft.put("flaky", new AtomicInteger(2));
        handler.throwsLeft.put("broken", new AtomicInteger(100));
        startExactlyOnce(P0);

        // When
        offer(P0, 0, "flaky");
        offer(P0, 1, "broken");

        // Then
        awaitGroupOffset(P0, 2);
        assertThat(kafka.committedValues(RESULTS)).containsExactlyInAnyOrder("result:flaky", "gave-up:broken");
        assertThat(handler.calls("flaky")).isEqualTo(3);
        assertThat(handler.calls("broken")).isEqualTo(RequestConsumer.HANDLER_ATTEMPTS);
    }

    @Test
    void shouldCommitWhatIsDoneOnRevocationAndAdoptTheRunningCopyWhenThePartitionComesBack() {
        // Given: offset 1 is still running when P0 is revoked
        CountDownLatch slow = new CountDownLatch(1);
        handler.blocked.put("b", slow);
        startExactlyOnce(P0);
        offer(P0, 0, "a");
        offer(P0, 1, "b");
        offer(P0, 2, "c");
        await().atMost(AT_MOST).untilAsserted(() -> assertThat(kafka.committedValues(RESULTS)).contains("result:a", "result:c"));

        // When: revoked, then assigned back; the broker redelivers from the commit point
        assign();
        await().atMost(AT_MOST).until(() -> kafka.consumer.assignment().isEmpty());
        assertThat(kafka.group.get(P0).offset()).isEqualTo(1);
        assign(P0);
        offer(P0, 1, "b");
        offer(P0, 2, "c");
        await().atMost(AT_MOST).until(() -> meters.counter("keel.worker.redelivered", "kind", "adopted").count() == 1);
        slow.countDown();

        // Then: one call and one result per record
        awaitGroupOffset(P0, 3);
        assertThat(kafka.committedValues(RESULTS)).containsExactlyInAnyOrder("result:a", "result:b", "result:c");
        assertThat(handler.calls("b")).isEqualTo(1);
        assertThat(handler.calls("c")).isEqualTo(1);
    }

    @Test
    void shouldSkipRecordsAPreviousOwnerFinishedWhenTheCommitMetadataListsThem() {
        // Given: the previous owner committed offset 1 and had finished 2 and 3 beyond it
        kafka.consumer.schedulePollTask(() -> kafka.consumer.commitSync(
                Map.of(P0, new OffsetAndMetadata(1, DoneOffsetsCodec.encode(1, new TreeSet<>(List.of(2L, 3L)))))));
        startExactlyOnce(P0);

        // When
        for (long offset = 1; offset <= 4; offset++) {
            offer(P0, offset, "r" + offset);
        }

        // Then
        awaitGroupOffset(P0, 5);
        assertThat(kafka.committedValues(RESULTS)).containsExactlyInAnyOrder("result:r1", "result:r4");
        assertThat(handler.calls("r2") + handler.calls("r3")).isZero();
    }

    @Test
    void shouldReportFailedAndLeaveTheGroupWhenTheProducerKeepsBeingFenced() throws InterruptedException {
        // Given: another worker keeps taking this worker's transactional id
        kafka.commitFailure = new ProducerFencedException("fenced");
        startExactlyOnce(P0);

        // When
        offer(P0, 0, "a");

        // Then
        assertThat(loop.awaitStopped(AT_MOST)).isTrue();
        assertThat(health.state()).isEqualTo(WorkerHealth.State.FAILED);
        assertThat(health.detail()).contains("another worker runs with this worker's id");
        assertThat(kafka.consumer.closed()).isTrue();
        assertThat(kafka.committedValues(RESULTS)).isEmpty();
    }

    @Test
    void shouldPublishAtOnceAndCommitOffsetsAfterTheAcknowledgementsWhenAtLeastOnce() {
        // Given
        MockKafka.Producer producer = kafka.newProducer();
        loop = RequestConsumer.atLeastOnce(kafka.consumer, Map.of(REQUESTS, Lane.INTERACTIVE), handler, CONFIG, producer, health,
                new SimpleMeterRegistry(), Clock.systemUTC());
        start(P0);

        // When
        offer(P0, 0, "a");
        offer(P0, 1, "b");

        // Then
        await().atMost(AT_MOST).untilAsserted(() -> {
            synchronized (kafka.consumer) {
                assertThat(kafka.consumer.committed(java.util.Set.of(P0))).extractingByKey(P0)
                        .isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(2L);
            }
        });
        assertThat(producer.history()).extracting(r -> new String(r.value())).containsExactlyInAnyOrder("result:a", "result:b");
        assertThat(producer.transactionInitialized()).isFalse();
    }
}
