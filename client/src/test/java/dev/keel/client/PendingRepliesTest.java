package dev.keel.client;

import dev.keel.client.internal.PendingReplies;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingRepliesTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final PendingReplies pending = new PendingReplies(2, timers, Runnable::run);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void shouldCompleteTheFutureWhenIdAndTokenMatch() {
        // Given
        CompletableFuture<PromptResult> future = pending.register("r1", "inc-1", 60_000);

        // When
        pending.deliver(result("r1"), "inc-1");

        // Then
        assertThat(future).isCompletedWithValueMatching(r -> r.getRequestId().equals("r1"));
        assertThat(pending.stats().completed()).isEqualTo(1);
        assertThat(pending.stats().pending()).isZero();
    }

    @Test
    void shouldDropAResultWhenItsTokenIsFromAnotherSubmissionOfTheSameId() {
        // Given: r1 waits under token inc-2; a result of an earlier incarnation (inc-1) arrives
        CompletableFuture<PromptResult> future = pending.register("r1", "inc-2", 60_000);

        // When
        pending.deliver(result("r1"), "inc-1");
        pending.deliver(result("r1"), null);

        // Then
        assertThat(future).isNotDone();
        assertThat(pending.stats().late()).isEqualTo(2);
    }

    @Test
    void shouldCountALateResultWhenNothingWaitsForIt() {
        pending.deliver(result("nobody"), "inc-1");

        assertThat(pending.stats().late()).isEqualTo(1);
        assertThat(pending.stats().completed()).isZero();
    }

    @Test
    void shouldRefuseASubmissionWhenMaxPendingWait() {
        // Given
        pending.register("a", "t-1", 60_000);
        pending.register("b", "t-2", 60_000);

        // Then
        assertThatThrownBy(() -> pending.register("c", "t-3", 60_000)).isInstanceOf(KeelClientException.Overloaded.class)
                .hasMessageContaining("request_id c");
        assertThat(pending.stats().overloaded()).isEqualTo(1);
        assertThat(pending.stats().pending()).isEqualTo(2);
    }

    @Test
    void shouldRefuseASecondSubmissionWhenTheSameIdWaits() {
        pending.register("a", "t-1", 60_000);

        assertThatThrownBy(() -> pending.register("a", "t-2", 60_000)).isInstanceOf(KeelClientException.DuplicateRequestId.class);
        assertThat(pending.stats().pending()).isEqualTo(1);
    }

    @Test
    void shouldFailTheFutureAndCountTheResultAsLateWhenItComesAfterTheTimeout() {
        // Given
        CompletableFuture<PromptResult> future = pending.register("r1", "t-1", 1);

        // When
        assertThat(future).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingCause().isInstanceOf(KeelClientException.TimedOut.class);
        pending.deliver(result("r1"), "t-1");

        // Then
        assertThat(pending.stats().timedOut()).isEqualTo(1);
        assertThat(pending.stats().late()).isEqualTo(1);
        assertThat(pending.stats().pending()).isZero();
    }

    @Test
    void shouldFailEveryWaitingFutureWhenClosed() throws Exception {
        CompletableFuture<PromptResult> a = pending.register("a", "t-1", 60_000);

        assertThat(pending.awaitDrained(1)).isFalse();
        pending.failAll();

        assertThat(a).isCompletedExceptionally();
        assertThat(pending.awaitDrained(1)).isTrue();
    }

    static PromptResult result(String id) {
        return PromptResult.newBuilder().setRequestId(id).setTenantId("acme").setFeature("f").setAttributes(Map.of())
                .setLane(Lane.INTERACTIVE).setStatus(ResultStatus.SUCCESS).setCache(CacheOutcome.NONE)
                .setDegradations(List.of()).setAttempts(List.of()).setCreatedAt(1L).setCompletedAt(2L)
                .setQueueMs(0L).setLatencyMs(1L).setBypass(false).setWorkerId("w").build();
    }
}
