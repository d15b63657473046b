package dev.keel.schemas;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFactsTest {

    private static final Attempt PRIMARY_STALLED =
            new Attempt("primary", "gpt-x", AttemptOutcome.TTFT_TIMEOUT, null, 2000L, null, "no first token in 2s", 0.0);
    private static final Attempt PRIMARY_OK = new Attempt("primary", "gpt-x", AttemptOutcome.OK, 200, 400L, 300L, null, 0.001);
    private static final Attempt SECONDARY_OK = new Attempt("secondary", "claude-x", AttemptOutcome.OK, 200, 900L, 300L, null, 0.002);
    private static final Attempt SECONDARY_CANCELLED = new Attempt("secondary", "claude-x", AttemptOutcome.TTFT_TIMEOUT, 200, 150L,
            null, "hedge: cancelled, primary streamed first", 0.0004);

    @Test
    void answeredByAnotherProviderThanTheFirstTriedIsAFailover() {
        assertThat(ResultFacts.isFailover(result("secondary", ResultStatus.SUCCESS, CacheOutcome.MISS, PRIMARY_STALLED, SECONDARY_OK)))
                .isTrue();
    }

    @Test
    void aHedgeTheFirstProviderWonIsNotAFailover() {
        assertThat(ResultFacts.isFailover(result("primary", ResultStatus.SUCCESS, CacheOutcome.MISS, PRIMARY_OK, SECONDARY_CANCELLED)))
                .isFalse();
    }

    @Test
    void firstTryAnswersCacheAnswersAndFailuresAreNotFailovers() {
        assertThat(ResultFacts.isFailover(result("primary", ResultStatus.SUCCESS, CacheOutcome.MISS, PRIMARY_OK))).isFalse();
        assertThat(ResultFacts.isFailover(result("secondary", ResultStatus.SUCCESS, CacheOutcome.STALE, PRIMARY_STALLED))).isFalse();
        assertThat(ResultFacts.isFailover(result("secondary", ResultStatus.FAILED, CacheOutcome.MISS, PRIMARY_STALLED, SECONDARY_OK)))
                .isFalse();
        assertThat(ResultFacts.isFailover(result("secondary", ResultStatus.SUCCESS, CacheOutcome.HIT))).isFalse();
    }

    private static PromptResult result(String provider, ResultStatus status, CacheOutcome cache, Attempt... attempts) {
        return PromptResult.newBuilder(Samples.result()).setProvider(provider).setStatus(status).setCache(cache)
                .setAttempts(List.of(attempts)).build();
    }
}
