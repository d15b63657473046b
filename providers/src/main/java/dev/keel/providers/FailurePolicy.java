package dev.keel.providers;

import dev.keel.schemas.AttemptOutcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one table that says what each {@link AttemptOutcome} means for routing (DESIGN.md "Routing"). The
 * router's in-group retry, its failover decision and the cooldown breakers read this table and nothing
 * else, so changing a rule is changing one row here (and {@code FailurePolicyTest}, which pins the table).
 *
 * <table>
 *   <caption>the policy</caption>
 *   <tr><th>outcome</th><th>retry in-group</th><th>fail over</th><th>cool down at once</th><th>provider failure</th></tr>
 *   <tr><td>OK</td><td>-</td><td>-</td><td>-</td><td>no (a success)</td></tr>
 *   <tr><td>TTFT_TIMEOUT, TIMEOUT, SERVER_ERROR, OVERLOADED, RATE_LIMITED, NETWORK</td><td>yes</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>PROTOCOL</td><td>no</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>AUTH, QUOTA_EXHAUSTED</td><td>no</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>BAD_REQUEST</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>SKIPPED_COOLDOWN</td><td>no</td><td>yes</td><td>no</td><td>no</td></tr>
 * </table>
 *
 * NETWORK is retryable: a refused or reset connection is usually transient and nothing was billed.
 * PROTOCOL is not: a provider that sends a malformed body or cuts a stream tends to do it again, so the
 * router fails over at once. BAD_REQUEST is the caller's fault: it would be bad elsewhere too, and it says
 * nothing about the provider's health. Immutable and thread-safe.
 */
public final class FailurePolicy {

    /**
     * What one outcome means.
     *
     * @param retryInGroup   one more try on the same provider may succeed
     * @param failOver       the next provider on the route should get the request
     * @param coolDownAtOnce the provider is unusable until someone acts (a key, a bill): open its breaker now
     * @param providerFailure counts against the provider's health in its breaker's window
     */
    public record Rule(boolean retryInGroup, boolean failOver, boolean coolDownAtOnce, boolean providerFailure) {
        public Rule {
            if (coolDownAtOnce && !providerFailure) {
                throw new IllegalArgumentException("an outcome that cools a provider down must count as its failure");
            }
        }
    }

    private static final Rule SUCCESS = new Rule(false, false, false, false);
    private static final Rule TRANSIENT = new Rule(true, true, false, true);
    private static final Rule BROKEN = new Rule(false, true, false, true);
    private static final Rule UNUSABLE = new Rule(false, true, true, true);
    private static final Rule CALLERS_FAULT = new Rule(false, false, false, false);
    private static final Rule NOT_CALLED = new Rule(false, true, false, false);

    /** The policy Keel routes by. */
    public static final FailurePolicy DEFAULT = new FailurePolicy(table());

    private final Map<AttemptOutcome, Rule> rules;

    private FailurePolicy(Map<AttemptOutcome, Rule> rules) {
        for (AttemptOutcome outcome : AttemptOutcome.values()) {
            if (!rules.containsKey(outcome)) {
                throw new IllegalArgumentException("the failure policy has no rule for " + outcome);
            }
        }
        this.rules = Map.copyOf(rules);
    }

    private static Map<AttemptOutcome, Rule> table() {
        Map<AttemptOutcome, Rule> t = new EnumMap<>(AttemptOutcome.class);
        t.put(AttemptOutcome.OK, SUCCESS);
        t.put(AttemptOutcome.TTFT_TIMEOUT, TRANSIENT);
        t.put(AttemptOutcome.TIMEOUT, TRANSIENT);
        t.put(AttemptOutcome.SERVER_ERROR, TRANSIENT);
        t.put(AttemptOutcome.OVERLOADED, TRANSIENT);
        t.put(AttemptOutcome.RATE_LIMITED, TRANSIENT);
        t.put(AttemptOutcome.NETWORK, TRANSIENT);
        t.put(AttemptOutcome.PROTOCOL, BROKEN);
        t.put(AttemptOutcome.AUTH, UNUSABLE);
        t.put(AttemptOutcome.QUOTA_EXHAUSTED, UNUSABLE);
        t.put(AttemptOutcome.BAD_REQUEST, CALLERS_FAULT);
        t.put(AttemptOutcome.SKIPPED_COOLDOWN, NOT_CALLED);
        return t;
    }

    public Rule of(AttemptOutcome outcome) {
        return rules.get(Objects.requireNonNull(outcome, "outcome"));
    }

    public boolean retriesInGroup(AttemptOutcome outcome) {
        return of(outcome).retryInGroup();
    }

    public boolean failsOver(AttemptOutcome outcome) {
        return of(outcome).failOver();
    }

    public boolean coolsDownAtOnce(AttemptOutcome outcome) {
        return of(outcome).coolDownAtOnce();
    }

    public boolean isProviderFailure(AttemptOutcome outcome) {
        return of(outcome).providerFailure();
    }
}
