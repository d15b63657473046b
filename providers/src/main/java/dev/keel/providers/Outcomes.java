package dev.keel.providers;

import dev.keel.schemas.AttemptOutcome;

import java.util.Objects;

/**
 * What each {@link AttemptOutcome} means for the router (DESIGN.md "Routing"). The router decides;
 * this is the one place the classification lives so it is not scattered in {@code if}s.
 *
 * <table>
 *   <caption>outcome classes</caption>
 *   <tr><th>outcome</th><th>retry in-group</th><th>fail over</th><th>cooldown at once</th></tr>
 *   <tr><td>TTFT_TIMEOUT, TIMEOUT, SERVER_ERROR, OVERLOADED, RATE_LIMITED, NETWORK</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>PROTOCOL</td><td>no</td><td>yes</td><td>no</td></tr>
 *   <tr><td>AUTH, QUOTA_EXHAUSTED</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>BAD_REQUEST</td><td>no</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * NETWORK is retryable: a refused or reset connection is usually transient and nothing was billed.
 * PROTOCOL is not: a provider that sends a malformed body or cuts a stream tends to do it again, so
 * the router fails over at once rather than spending the request's time on a second try.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /** True when trying the same provider once more may succeed. */
    public static boolean isRetryable(AttemptOutcome outcome) {
        return switch (Objects.requireNonNull(outcome, "outcome")) {
            case TTFT_TIMEOUT, TIMEOUT, SERVER_ERROR, OVERLOADED, RATE_LIMITED, NETWORK -> true;
            case OK, QUOTA_EXHAUSTED, AUTH, BAD_REQUEST, PROTOCOL, SKIPPED_COOLDOWN -> false;
        };
    }

    /** True when the other provider should get the request. A bad request would be bad there too. */
    public static boolean failsOver(AttemptOutcome outcome) {
        return switch (Objects.requireNonNull(outcome, "outcome")) {
            case OK, BAD_REQUEST -> false;
            default -> true;
        };
    }

    /** True when the provider is unusable until someone acts (a key, a bill): cool it down at once. */
    public static boolean needsCooldownAtOnce(AttemptOutcome outcome) {
        return outcome == AttemptOutcome.AUTH || outcome == AttemptOutcome.QUOTA_EXHAUSTED;
    }

    /** True when the failure says something about the provider's health (counts toward a circuit breaker). */
    public static boolean isProviderFailure(AttemptOutcome outcome) {
        return switch (Objects.requireNonNull(outcome, "outcome")) {
            case OK, BAD_REQUEST, SKIPPED_COOLDOWN -> false;
            default -> true;
        };
    }
}
