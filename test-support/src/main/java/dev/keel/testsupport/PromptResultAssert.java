package dev.keel.testsupport;

import dev.keel.schemas.Attempt;
import dev.keel.schemas.AttemptOutcome;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;

import java.util.List;

/**
 * Assertions on a {@link PromptResult} that say what a test means ({@code isSuccessful().servedBy("secondary")
 * .hasAttempts(TTFT_TIMEOUT, OK)}) and, when they fail, show the result's request id, status, error and attempts.
 */
public final class PromptResultAssert extends AbstractObjectAssert<PromptResultAssert, PromptResult> {

    PromptResultAssert(PromptResult actual) {
        super(actual, PromptResultAssert.class);
    }

    public PromptResultAssert hasStatus(ResultStatus status) {
        isNotNull();
        Assertions.assertThat(actual.getStatus()).as("status of %s", summary()).isEqualTo(status);
        return this;
    }

    public PromptResultAssert isSuccessful() {
        return hasStatus(ResultStatus.SUCCESS);
    }

    public PromptResultAssert isFailed() {
        return hasStatus(ResultStatus.FAILED);
    }

    public PromptResultAssert isRejected() {
        return hasStatus(ResultStatus.REJECTED);
    }

    public PromptResultAssert hasRequestId(String requestId) {
        isNotNull();
        Assertions.assertThat(actual.getRequestId()).as("request id of %s", summary()).isEqualTo(requestId);
        return this;
    }

    /** The provider that answered ({@code primary}, {@code secondary}, …). */
    public PromptResultAssert servedBy(String provider) {
        isNotNull();
        Assertions.assertThat(actual.getProvider()).as("provider of %s", summary()).isEqualTo(provider);
        return this;
    }

    /** The attempts' outcomes, in order. */
    public PromptResultAssert hasAttempts(AttemptOutcome... outcomes) {
        isNotNull();
        Assertions.assertThat(actual.getAttempts()).as("attempts of %s", summary()).extracting(Attempt::getOutcome)
                .containsExactly(outcomes);
        return this;
    }

    /** The providers tried, in order (one entry per attempt). */
    public PromptResultAssert hasAttemptsBy(String... providers) {
        isNotNull();
        Assertions.assertThat(actual.getAttempts()).as("attempts of %s", summary()).extracting(Attempt::getProvider)
                .containsExactly(providers);
        return this;
    }

    public PromptResultAssert hasCache(CacheOutcome cache) {
        isNotNull();
        Assertions.assertThat(actual.getCache()).as("cache outcome of %s", summary()).isEqualTo(cache);
        return this;
    }

    public PromptResultAssert hasDegradations(Degradation... degradations) {
        isNotNull();
        Assertions.assertThat(actual.getDegradations()).as("degradations of %s", summary()).containsExactly(degradations);
        return this;
    }

    /** The error code of a failed or rejected result ({@code error.code}). */
    public PromptResultAssert hasErrorCode(String code) {
        isNotNull();
        Assertions.assertThat(actual.getError()).as("error of %s", summary()).isNotNull();
        Assertions.assertThat(actual.getError().getCode()).as("error code of %s", summary()).isEqualTo(code);
        return this;
    }

    private String summary() {
        List<String> attempts = actual.getAttempts().stream().map(a -> a.getProvider() + ":" + a.getOutcome()).toList();
        return "result " + actual.getRequestId() + " (" + actual.getStatus() + ", provider " + actual.getProvider()
                + ", error " + actual.getError() + ", attempts " + attempts + ")";
    }
}
