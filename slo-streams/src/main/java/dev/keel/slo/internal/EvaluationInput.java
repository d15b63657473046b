package dev.keel.slo.internal;

/**
 * What rules read at one minute close: the trailing window totals per scope and the requests that
 * arrived in the trailing {@code results_absent} window.
 */
record EvaluationInput(WindowTotals totals, long requestsInAbsentWindow) {
}
