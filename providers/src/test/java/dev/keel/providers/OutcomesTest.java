package dev.keel.providers;

import dev.keel.schemas.AttemptOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomesTest {

    @Test
    void shouldRetryInGroupExactlyTheTransientOutcomes() {
        Set<AttemptOutcome> retryable = EnumSet.noneOf(AttemptOutcome.class);
        for (AttemptOutcome o : AttemptOutcome.values()) {
            if (Outcomes.isRetryable(o)) {
                retryable.add(o);
            }
        }
        assertThat(retryable).containsExactlyInAnyOrder(AttemptOutcome.TTFT_TIMEOUT, AttemptOutcome.TIMEOUT,
                AttemptOutcome.SERVER_ERROR, AttemptOutcome.OVERLOADED, AttemptOutcome.RATE_LIMITED, AttemptOutcome.NETWORK);
    }

    @ParameterizedTest
    @EnumSource(value = AttemptOutcome.class, names = {"OK", "BAD_REQUEST"}, mode = EnumSource.Mode.EXCLUDE)
    void shouldFailOverWhenOutcomeIsAnyFailureButBadRequest(AttemptOutcome outcome) {
        assertThat(Outcomes.failsOver(outcome)).isTrue();
    }

    @Test
    void shouldNotFailOverWhenRequestItselfIsBad() {
        assertThat(Outcomes.failsOver(AttemptOutcome.BAD_REQUEST)).isFalse();
        assertThat(Outcomes.failsOver(AttemptOutcome.OK)).isFalse();
    }

    @Test
    void shouldCoolDownAtOnceOnlyWhenKeyOrBillIsTheProblem() {
        for (AttemptOutcome o : AttemptOutcome.values()) {
            assertThat(Outcomes.needsCooldownAtOnce(o)).as(o.name())
                    .isEqualTo(o == AttemptOutcome.AUTH || o == AttemptOutcome.QUOTA_EXHAUSTED);
        }
    }

    @Test
    void shouldCountOnlyProviderFaultsTowardHealth() {
        assertThat(Outcomes.isProviderFailure(AttemptOutcome.BAD_REQUEST)).isFalse();
        assertThat(Outcomes.isProviderFailure(AttemptOutcome.SKIPPED_COOLDOWN)).isFalse();
        assertThat(Outcomes.isProviderFailure(AttemptOutcome.PROTOCOL)).isTrue();
        assertThat(Outcomes.isProviderFailure(AttemptOutcome.OK)).isFalse();
    }
}
