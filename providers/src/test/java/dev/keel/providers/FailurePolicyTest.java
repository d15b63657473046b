package dev.keel.providers;

import dev.keel.schemas.AttemptOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the table the router and the cooldown breakers route by ({@link FailurePolicy#DEFAULT}). */
class FailurePolicyTest {

    private final FailurePolicy policy = FailurePolicy.DEFAULT;

    @Test
    void shouldRetryInGroupExactlyTheTransientOutcomes() {
        assertThat(matching(policy::retriesInGroup)).containsExactlyInAnyOrder(AttemptOutcome.TTFT_TIMEOUT,
                AttemptOutcome.TIMEOUT, AttemptOutcome.SERVER_ERROR, AttemptOutcome.OVERLOADED, AttemptOutcome.RATE_LIMITED,
                AttemptOutcome.NETWORK);
    }

    @ParameterizedTest
    @EnumSource(value = AttemptOutcome.class, names = {"OK", "BAD_REQUEST"}, mode = EnumSource.Mode.EXCLUDE)
    void shouldFailOverWhenOutcomeIsAnyFailureButBadRequest(AttemptOutcome outcome) {
        assertThat(policy.failsOver(outcome)).isTrue();
    }

    @Test
    void shouldNotFailOverWhenRequestItselfIsBad() {
        assertThat(policy.failsOver(AttemptOutcome.BAD_REQUEST)).isFalse();
        assertThat(policy.failsOver(AttemptOutcome.OK)).isFalse();
    }

    @Test
    void shouldCoolDownAtOnceOnlyWhenKeyOrBillIsTheProblem() {
        assertThat(matching(policy::coolsDownAtOnce)).containsExactlyInAnyOrder(AttemptOutcome.AUTH, AttemptOutcome.QUOTA_EXHAUSTED);
    }

    @Test
    void shouldCountOnlyProviderFaultsTowardHealth() {
        assertThat(EnumSet.complementOf(EnumSet.copyOf(matching(policy::isProviderFailure))))
                .containsExactlyInAnyOrder(AttemptOutcome.OK, AttemptOutcome.BAD_REQUEST, AttemptOutcome.SKIPPED_COOLDOWN);
    }

    @Test
    void shouldRefuseRuleThatCoolsDownWithoutCountingAsFailure() {
        assertThatThrownBy(() -> new FailurePolicy.Rule(false, true, true, false))
                .hasMessageContaining("must count as its failure");
    }

    private Set<AttemptOutcome> matching(Predicate<AttemptOutcome> rule) {
        return Arrays.stream(AttemptOutcome.values()).filter(rule).collect(Collectors.toCollection(() -> EnumSet.noneOf(AttemptOutcome.class)));
    }
}
