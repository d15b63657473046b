package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * A threshold rule (p95 latency, success rate, average cost): evaluated at every minute close over
 * the trailing {@code window}; it fires once the condition has held at every evaluation for
 * {@code for} (slo-streams/README.md says exactly how).
 *
 * @param minRequests fewest served requests in the window for the rule to breach; null: {@code slo.min-requests}
 */
public record SloThresholdAlert(Boolean enabled, Duration window, @JsonProperty("for") Duration hold, Integer minRequests) {

    public SloThresholdAlert {
        enabled = enabled == null || enabled;
        InvalidValueException.check(minRequests == null || minRequests >= 1, "min-requests", "must be at least 1");
    }

    /** The rule with its defaults filled in; {@code window} and {@code for} are whole minutes. */
    static SloThresholdAlert resolve(SloThresholdAlert given, String name, Duration defaultWindow, Duration defaultHold) {
        SloThresholdAlert g = given == null ? new SloThresholdAlert(null, null, null, null) : given;
        Duration window = g.window() == null ? defaultWindow : g.window();
        Duration hold = g.hold() == null ? defaultHold : g.hold();
        SloAlerts.checkWholeMinutes(window, name + ".window", false);
        SloAlerts.checkWholeMinutes(hold, name + ".for", true);
        return new SloThresholdAlert(g.enabled(), window, hold, g.minRequests());
    }
}
