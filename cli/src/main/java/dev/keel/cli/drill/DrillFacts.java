package dev.keel.cli.drill;

import dev.keel.schemas.DrillEvent;
import dev.keel.schemas.Lane;
import dev.keel.schemas.ResultStatus;

import java.util.List;

/**
 * What the topics saw around one drill, reduced to what the report needs: the drill's own entries,
 * the control commands, one fact per result (first result per request id) and the page events.
 *
 * @param readAt wall clock when the topics were read (the end of a drill that is still running)
 */
record DrillFacts(String drillId, List<DrillEvent> entries, List<Control> control, List<Result> results, List<Page> pages,
                  long readAt) {

    DrillFacts {
        entries = List.copyOf(entries);
        control = List.copyOf(control);
        results = List.copyOf(results);
        pages = List.copyOf(pages);
    }

    /** A command on {@code keel.control}; {@code value} null or empty returns the setting to the config. */
    record Control(long at, String setting, String value, String issuedBy) {
        boolean resets() {
            return value == null || value.isEmpty();
        }
    }

    /** One result: {@code waitMs} is what the caller waited (queue + latency), the SLO's latency. */
    record Result(String requestId, long completedAt, ResultStatus status, String provider, Lane lane, long waitMs, double costUsd,
                  boolean cacheHit) {
    }

    record Page(long at, String alertKey, String state, String severity, String summary, String runbook) {
    }
}
