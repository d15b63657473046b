package dev.keel.providers.internal;

import dev.keel.providers.CallTimeouts;
import dev.keel.schemas.AttemptOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CallDeadlinesTest {

    private static final Instant SENT = Instant.parse("2026-01-01T00:00:00Z");
    private static final CallTimeouts TIMEOUTS = new CallTimeouts(Duration.ofMillis(2000), Duration.ofMillis(500), Duration.ofMillis(10_000));

    private static Instant at(long ms) {
        return SENT.plusMillis(ms);
    }

    @Test
    void shouldExpireTtftExactlyAtDeadlineWhenNoContentCame() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);

        // When / Then: one millisecond before is fine, the deadline itself is not
        assertThat(deadlines.nextDeadline()).isEqualTo(at(2000));
        assertThat(deadlines.expiredAt(at(1999))).isEmpty();
        assertThat(deadlines.expiredAt(at(2000))).contains(AttemptOutcome.TTFT_TIMEOUT);
        assertThat(deadlines.describe(AttemptOutcome.TTFT_TIMEOUT, at(2000))).isEqualTo("no content or reasoning token within 2000ms");
    }

    @Test
    void shouldSwitchToIdleDeadlineWhenFirstContentArrives() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);

        // When
        deadlines.onContent(at(1200));

        // Then
        assertThat(deadlines.ttft()).contains(Duration.ofMillis(1200));
        assertThat(deadlines.nextDeadline()).isEqualTo(at(1700));
        assertThat(deadlines.expiredAt(at(1699))).isEmpty();
        assertThat(deadlines.expiredAt(at(1700))).contains(AttemptOutcome.TIMEOUT);
        assertThat(deadlines.describe(AttemptOutcome.TIMEOUT, at(1700))).contains("idle");
    }

    @Test
    void shouldKeepFirstTokenTimeWhenMoreContentArrives() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);

        // When
        deadlines.onContent(at(100));
        deadlines.onContent(at(400));
        deadlines.onContent(at(800));

        // Then
        assertThat(deadlines.ttft()).contains(Duration.ofMillis(100));
        assertThat(deadlines.nextDeadline()).isEqualTo(at(1300));
    }

    @Test
    void shouldExpireTotalWhenTokensKeepComingPastTheTotalLimit() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);

        // When: a token every 400 ms never trips the idle limit
        for (long t = 100; t < 10_000; t += 400) {
            deadlines.onContent(at(t));
            assertThat(deadlines.expiredAt(at(t))).isEmpty();
        }

        // Then
        assertThat(deadlines.nextDeadline()).isEqualTo(at(10_000));
        assertThat(deadlines.expiredAt(at(10_000))).contains(AttemptOutcome.TIMEOUT);
        assertThat(deadlines.describe(AttemptOutcome.TIMEOUT, at(10_000))).isEqualTo("total timeout 10000ms");
    }

    @Test
    void shouldApplyOnlyTotalWhenCallIsNotStreamed() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, false);

        // When / Then
        assertThat(deadlines.nextDeadline()).isEqualTo(at(10_000));
        assertThat(deadlines.expiredAt(at(5000))).isEmpty();
        assertThat(deadlines.expiredAt(at(10_000))).contains(AttemptOutcome.TIMEOUT);
    }

    @Test
    void shouldNeverExpireAndAllowShortDrainWhenFinished() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);
        deadlines.onContent(at(300));

        // When
        deadlines.onFinished(at(900));

        // Then
        assertThat(deadlines.expiredAt(at(20_000))).isEmpty();
        assertThat(deadlines.nextDeadline()).isEqualTo(at(900).plus(CallDeadlines.DRAIN_GRACE));
    }

    @Test
    void shouldMeetTheTtftDeadlineWithReasoningButRecordTtftAtTheFirstContentToken() {
        // Given
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);

        // When: reasoning from 1500 ms on, every 400 ms, the answer at 3100 ms
        deadlines.onReasoning(at(1500));
        deadlines.onReasoning(at(1900));
        deadlines.onReasoning(at(2300));
        deadlines.onReasoning(at(2700));

        // Then: alive, no TTFT timeout, idle counted from the last reasoning delta, no ttft yet
        assertThat(deadlines.alive()).isTrue();
        assertThat(deadlines.expiredAt(at(2000))).isEmpty();
        assertThat(deadlines.nextDeadline()).isEqualTo(at(3200));
        assertThat(deadlines.expiredAt(at(3199))).isEmpty();
        assertThat(deadlines.ttft()).isEmpty();
        deadlines.onContent(at(3100));
        assertThat(deadlines.ttft()).contains(Duration.ofMillis(3100));
    }

    @Test
    void shouldTimeOutIdleWhenReasoningStops() {
        CallDeadlines deadlines = new CallDeadlines(SENT, TIMEOUTS, true);

        deadlines.onReasoning(at(300));

        assertThat(deadlines.expiredAt(at(800))).contains(AttemptOutcome.TIMEOUT);
    }
}
