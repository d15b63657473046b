package dev.keel.router.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRequestsTest {

    @Test
    void shouldMakeASecondCopyWaitForTheFirstWhenTheFirstIsStillRunning() {
        // Given
        RecentRequests recent = new RecentRequests(10);
        assertThat(recent.claim("r1")).isInstanceOf(RecentRequests.Claim.Claimed.class);

        // When
        RecentRequests.Claim second = recent.claim("r1");

        // Then: it waits for the first copy, which settles only once its result is committed
        assertThat(second).isInstanceOf(RecentRequests.Claim.Running.class);
        var firstCopy = ((RecentRequests.Claim.Running) second).firstCopy();
        assertThat(firstCopy).isNotDone();
        recent.settle("r1", true);
        assertThat(firstCopy).isDone();
        assertThat(recent.claim("r1")).isInstanceOf(RecentRequests.Claim.Delivered.class);
    }

    @Test
    void shouldLetTheIdBeAnsweredAgainWhenTheFirstCopyWasDropped() {
        RecentRequests recent = new RecentRequests(10);
        recent.claim("r1");

        recent.settle("r1", false);

        assertThat(recent.claim("r1")).isInstanceOf(RecentRequests.Claim.Claimed.class);
    }

    @Test
    void shouldForgetTheOldestDeliveredIdsWhenFull() {
        RecentRequests recent = new RecentRequests(2);
        for (String id : new String[] {"a", "b", "c"}) {
            recent.claim(id);
            recent.settle(id, true);
        }

        assertThat(recent.claim("a")).isInstanceOf(RecentRequests.Claim.Claimed.class);
        assertThat(recent.claim("c")).isInstanceOf(RecentRequests.Claim.Delivered.class);
    }
}
