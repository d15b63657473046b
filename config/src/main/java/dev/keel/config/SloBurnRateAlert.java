package dev.keel.config;

import java.time.Duration;

/**
 * A multi-window burn-rate rule on the error budget: it fires when the budget burns faster than
 * {@code factor} times the sustainable rate over both {@code long-window} and {@code short-window}.
 *
 * @param minRequests fewest served requests in each window for the rule to fire; null: {@code slo.min-requests}
 */
public record SloBurnRateAlert(Boolean enabled, Double factor, Duration longWindow, Duration shortWindow,
                               SloSeverity severity, Integer minRequests) {

    public SloBurnRateAlert {
        enabled = enabled == null || enabled;
        InvalidValueException.check(factor == null || factor > 0, "factor", "must be positive");
        InvalidValueException.check(minRequests == null || minRequests >= 1, "min-requests", "must be at least 1");
    }

    static SloBurnRateAlert resolve(SloBurnRateAlert given, String name, double factor, Duration longWindow, Duration shortWindow, SloSeverity severity) {
        SloBurnRateAlert g = given == null ? new SloBurnRateAlert(null, null, null, null, null, null) : given;
        SloBurnRateAlert r = new SloBurnRateAlert(g.enabled(), g.factor() == null ? factor : g.factor(),
                g.longWindow() == null ? longWindow : g.longWindow(), g.shortWindow() == null ? shortWindow : g.shortWindow(),
                g.severity() == null ? severity : g.severity(), g.minRequests());
        SloAlerts.checkWholeMinutes(r.longWindow(), name + ".long-window", false);
        SloAlerts.checkWholeMinutes(r.shortWindow(), name + ".short-window", false);
        InvalidValueException.check(r.shortWindow().compareTo(r.longWindow()) <= 0, name + ".short-window",
                "must not be longer than long-window (" + r.longWindow() + ")");
        return r;
    }
}
