package dev.keel.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class LoadRunTest {

    private static final long MS = 1_000_000L;

    private final FakeClock clock = new FakeClock();

    /** A target answering through {@code answer}, after {@code delay} of fake time, blocking {@code sendCost} in send. */
    private LoadTarget target(long sendCostNanos, long delayNanos, Function<LoadRequest, Answer> answer) {
        return new LoadTarget() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public CompletableFuture<Answer> send(LoadRequest request) {
                clock.advance(sendCostNanos);
                CompletableFuture<Answer> future = new CompletableFuture<>();
                if (delayNanos == 0) {
                    future.complete(answer.apply(request));
                } else if (delayNanos > 0) {
                    clock.at(clock.nanoTime() + delayNanos, () -> future.complete(answer.apply(request)));
                }
                return future;
            }

            @Override
            public void close() {
            }
        };
    }

    private LoadReport run(LoadSpec spec, LoadTarget target) throws InterruptedException {
        return new LoadRun(spec, target, clock, List.of()).run();
    }

    @Test
    void shouldCountLatencyFromTheScheduledTimeWhenTheTargetBlocksTheSender() throws InterruptedException {
        // Given 10 requests/s for 1 s, and a target whose send blocks 250 ms, then answers at once
        LoadSpec spec = LoadSpec.of(10, Duration.ofSeconds(1)).withWarmUp(Duration.ZERO);

        // When
        LoadReport report = run(spec, target(250 * MS, 0, r -> Answer.success(0, false)));

        // Then request i is due at i*100 ms but sent at i*250 ms and answered at (i+1)*250 ms: the last one waited 1,600 ms, not 250
        assertThat(report.sent()).isEqualTo(10);
        assertThat(report.succeeded()).isEqualTo(10);
        assertThat(LoadReport.maxMs(report.latency())).isBetween(1599.0, 1601.0);
        assertThat(LoadReport.ms(report.latency(), 0)).isBetween(249.0, 251.0);
        assertThat(LoadReport.maxMs(report.sendSlip())).isBetween(1349.0, 1351.0);
    }

    @Test
    void shouldSendOnScheduleWhateverTheAnswersDoAndSubtractTheProviderTime() throws InterruptedException {
        // Given answers 300 ms after each send, of which the provider reports 290 ms
        LoadSpec spec = LoadSpec.of(100, Duration.ofSeconds(2)).withWarmUp(Duration.ZERO);

        // When
        LoadReport report = run(spec, target(0, 300 * MS, r -> Answer.success(290 * MS, false)));

        // Then every request was sent on time although 30 were always waiting, latency is 300 ms, overhead 10 ms
        assertThat(report.sent()).isEqualTo(200);
        assertThat(LoadReport.maxMs(report.sendSlip())).isZero();
        assertThat(LoadReport.ms(report.latency(), 50)).isBetween(299.0, 301.0);
        assertThat(LoadReport.ms(report.overhead(), 99)).isBetween(9.9, 10.1);
        assertThat(report.achievedRate()).isBetween(99.0, 101.0);
    }

    @Test
    void shouldUseTheKnownProviderLatencyWhenTheTargetCannotTellIt() throws InterruptedException {
        // Given a target that does not know the provider's time, and a provider known to take 280 ms
        LoadSpec spec = LoadSpec.of(50, Duration.ofSeconds(1)).withWarmUp(Duration.ZERO).withProviderLatency(Duration.ofMillis(280));

        // When
        LoadReport report = run(spec, target(0, 300 * MS, r -> Answer.success(Answer.UNKNOWN, false)));

        // Then
        assertThat(LoadReport.ms(report.overhead(), 50)).isBetween(19.9, 20.1);
    }

    @Test
    void shouldNotCountTheWarmUp() throws InterruptedException {
        // Given 20 requests/s with a 1 s warm-up (a ramp: 10 requests) and 2 s measured
        LoadSpec spec = LoadSpec.of(20, Duration.ofSeconds(2)).withWarmUp(Duration.ofSeconds(1));

        // When
        LoadReport report = run(spec, target(0, 10 * MS, r -> Answer.success(0, r.index() % 2 == 0)));

        // Then
        assertThat(report.sent()).isEqualTo(40);
        assertThat(report.latency().getTotalCount()).isEqualTo(40);
        assertThat(report.cacheHits()).isEqualTo(20);
    }

    @Test
    void shouldCountFailuresByReasonAndRequestsNeverAnswered() throws InterruptedException {
        // Given a target that fails every third request, never answers every fifth and answers the rest
        LoadSpec spec = LoadSpec.of(30, Duration.ofSeconds(1)).withWarmUp(Duration.ZERO).withTimeout(Duration.ofSeconds(1));
        LoadTarget target = new LoadTarget() {
            private final LoadTarget ok = target(0, 5 * MS, r -> r.index() % 3 == 0 ? Answer.failure("http 502") : Answer.success(0, false));

            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public CompletableFuture<Answer> send(LoadRequest request) {
                return request.index() % 5 == 0 && request.index() % 3 != 0 ? new CompletableFuture<>() : ok.send(request);
            }

            @Override
            public void close() {
            }
        };

        // When
        LoadReport report = run(spec, target);

        // Then 10 failed with 502, 4 (5, 10, 20, 25) never answered, 16 succeeded
        assertThat(report.failures()).containsEntry("http 502", 10L).containsEntry("no answer", 4L);
        assertThat(report.succeeded()).isEqualTo(16);
        assertThat(report.failed()).isEqualTo(14);
    }

    @Test
    void shouldCountAThrowingSendAsAFailureAndGoOn() throws InterruptedException {
        // Given a target whose send throws for odd requests
        LoadSpec spec = LoadSpec.of(10, Duration.ofSeconds(1)).withWarmUp(Duration.ZERO);
        LoadTarget ok = target(0, 0, r -> Answer.success(0, false));
        LoadTarget target = new LoadTarget() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public CompletableFuture<Answer> send(LoadRequest request) {
                if (request.index() % 2 == 1) {
                    throw new IllegalStateException("closed");
                }
                return ok.send(request);
            }

            @Override
            public void close() {
            }
        };

        // When
        LoadReport report = run(spec, target);

        // Then
        assertThat(report.failures()).containsEntry("IllegalStateException", 5L);
        assertThat(report.succeeded()).isEqualTo(5);
    }
}
