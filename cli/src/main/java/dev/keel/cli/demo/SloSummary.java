package dev.keel.cli.demo;

import dev.keel.cli.stack.KeelStack;
import dev.keel.slo.StatusReading;
import dev.keel.slo.StatusSnapshot;

import java.util.Locale;
import java.util.Optional;

/**
 * One line on what the SLO app concluded: how many one-minute windows of the global scope it closed,
 * the error budget left, and the alerts firing. A one-minute demo closes few windows (each closes
 * {@code slo.grace} after its minute ends), which the line says rather than hides.
 */
final class SloSummary {

    private SloSummary() {
    }

    static String of(KeelStack stack) {
        return stack.slo().map(slo -> switch (slo.status()) {
            case StatusReading.Ready ready -> describe(ready.snapshot(), slo.statusUri().toString());
            case StatusReading.Unavailable unavailable -> "status unavailable: " + unavailable.reason();
        }).orElse("not running in this process");
    }

    private static String describe(StatusSnapshot snapshot, String uri) {
        Optional<StatusSnapshot.ScopeStatus> global = snapshot.scopes().stream().filter(s -> s.scope().equals("global")).findFirst();
        if (global.isEmpty() || snapshot.evaluatedThrough() == null) {
            return "no minute closed yet (a window closes slo.grace after its minute ends); status at " + uri;
        }
        StatusSnapshot.ScopeStatus scope = global.get();
        StatusSnapshot.ErrorBudget budget = scope.errorBudget();
        String alerts = snapshot.alerts().isEmpty() ? "no alert firing"
                : snapshot.alerts().size() + " alert(s) firing: " + String.join(", ",
                snapshot.alerts().stream().map(StatusSnapshot.ActiveAlert::alertKey).toList());
        return String.format(Locale.ROOT, "global scope evaluated through %s UTC, %,d requests counted, error budget left %.1f %%, %s (%s)",
                java.time.Instant.ofEpochMilli(snapshot.evaluatedThrough()).toString().substring(11, 19),
                budget == null ? 0 : budget.served(), budget == null ? 100.0 : 100 * budget.remainingFraction(), alerts, uri);
    }
}
