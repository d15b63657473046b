package dev.keel.router.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("llm.requests", 0);
    private static final TopicPartition P1 = new TopicPartition("llm.requests", 1);

    @Test
    void shouldCommitOnlyTheCompletedPrefixWhenRecordsFinishOutOfOrder() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        for (long offset = 10; offset < 15; offset++) {
            tracker.started(P0, offset);
        }

        // When: 11, 12 and 14 finish, 10 and 13 are still running
        tracker.completed(P0, 11);
        tracker.completed(P0, 12);
        tracker.completed(P0, 14);

        // Then: nothing past 10 may be committed
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));
        assertThat(tracker.inFlight()).isEqualTo(2);

        // When: 10 finishes
        tracker.completed(P0, 10);

        // Then: the prefix moves up to the first unfinished offset, 13
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));

        // When: 13 finishes
        tracker.completed(P0, 13);

        // Then: one past the highest seen
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(15)));
    }

    @Test
    void shouldNotOfferAnOffsetAgainOnceCommitted() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 0);
        tracker.completed(P0, 0);
        tracker.committed(tracker.committable());

        assertThat(tracker.committable()).isEmpty();

        tracker.started(P0, 1);
        assertThat(tracker.committable()).isEmpty();
        tracker.completed(P0, 1);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void shouldForgetRevokedPartitionsAndIgnoreTheirLateCompletions() {
        // Given
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 5);
        tracker.started(P1, 7);

        // When
        tracker.forget(List.of(P0));

        // Then
        assertThat(tracker.inFlight()).isEqualTo(1);
        assertThat(tracker.completed(P0, 5)).isFalse();
        assertThat(tracker.inFlight()).isEqualTo(1);
        assertThat(tracker.committable()).containsOnlyKeys(P1);
        assertThat(tracker.inFlight(List.of(P1))).isEqualTo(1);
    }
}
