package dev.keel.slo.internal;

import dev.keel.schemas.AlertState;
import dev.keel.schemas.PageEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state machine of every alert, persisted in a changelogged store keyed by alert key
 * ({@code rule|scope}) so a restart neither re-fires nor forgets a running hold.
 *
 * <p>At each evaluation: a breach starts (or extends) the run; the alert fires once when the run has
 * lasted {@code for} (event time from the start of the first breaching window to the evaluation). A
 * non-breach ends the run, and resolves the alert once if it was firing. Used by the stream thread
 * that owns the store.
 */
final class AlertTracker {

    private static final long NO_RUN = Long.MIN_VALUE;

    private final KeyValueStore<String, byte[]> states;
    private final long windowMs;

    AlertTracker(KeyValueStore<String, byte[]> states, long windowMs) {
        this.states = states;
        this.windowMs = windowMs;
    }

    static String alertKey(String rule, String scope) {
        return rule + "|" + scope;
    }

    static String scopeOf(String alertKey) {
        return alertKey.substring(alertKey.indexOf('|') + 1);
    }

    /** The transition this verdict causes, if any. */
    Optional<PageEvent> apply(Rule rule, String scope, Verdict verdict, long evaluatedAt, long wallNow) {
        String key = alertKey(rule.name(), scope);
        State state = read(key);
        if (verdict.breach()) {
            long runStart = state.runStart() != NO_RUN ? state.runStart() : rule.breachStart(evaluatedAt, windowMs);
            boolean fire = !state.firing() && evaluatedAt - runStart >= rule.hold().toMillis();
            write(key, new State(state.firing() || fire, runStart));
            return fire ? Optional.of(page(rule, scope, AlertState.FIRING, verdict, runStart, evaluatedAt, wallNow)) : Optional.empty();
        }
        if (state.runStart() != NO_RUN || state.firing()) {
            states.delete(key);
        }
        return state.firing()
                ? Optional.of(page(rule, scope, AlertState.RESOLVED, verdict, state.runStart(), evaluatedAt, wallNow))
                : Optional.empty();
    }

    boolean isFiring(String rule, String scope) {
        return read(alertKey(rule, scope)).firing();
    }

    long runStart(String rule, String scope) {
        return read(alertKey(rule, scope)).runStart();
    }

    /** Scopes with a running hold or a firing alert. */
    Set<String> scopesWithState() {
        Set<String> scopes = new TreeSet<>();
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                scopes.add(scopeOf(entry.key));
            }
        }
        return scopes;
    }

    private PageEvent page(Rule rule, String scope, AlertState alertState, Verdict v, long startedAt, long evaluatedAt, long wallNow) {
        return PageEvent.newBuilder()
                .setAlertKey(alertKey(rule.name(), scope))
                .setRule(rule.name())
                .setSeverity(rule.severity())
                .setState(alertState)
                .setScope(scope)
                .setObserved(Double.isFinite(v.observed()) ? v.observed() : 0)
                .setThreshold(v.threshold())
                .setWindow(rule.window().toString())
                .setFor$(rule.hold().toString())
                .setShortWindow(rule.shortWindow() == null ? null : rule.shortWindow().toString())
                .setStartedAt(startedAt)
                .setEvaluatedAt(evaluatedAt)
                .setEmittedAt(wallNow)
                .setSummary(rule.summary(scope, alertState == AlertState.FIRING, v, startedAt))
                .setRunbook(runbook(rule.name()))
                .build();
    }

    /** Where a page's runbook lives: one heading per rule in {@code drills/runbooks.md} (RunbookLinksTest checks each). */
    static final String RUNBOOKS = "drills/runbooks.md";

    static String runbook(String rule) {
        return RUNBOOKS + "#runbook-" + rule.replace('_', '-');
    }

    private State read(String key) {
        byte[] bytes = states.get(key);
        if (bytes == null) {
            return new State(false, NO_RUN);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new State(buffer.get() == 1, buffer.getLong());
    }

    private void write(String key, State state) {
        states.put(key, ByteBuffer.allocate(9).put((byte) (state.firing() ? 1 : 0)).putLong(state.runStart()).array());
    }

    private record State(boolean firing, long runStart) {
    }
}
