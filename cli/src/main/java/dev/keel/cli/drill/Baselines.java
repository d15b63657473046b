package dev.keel.cli.drill;

import dev.keel.config.KeelConfig;
import dev.keel.schemas.DrillBaseline;
import dev.keel.slo.StatusSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The SLIs of the global scope from the SLO app's status endpoint, as a drill's baseline. An
 * endpoint that does not answer (or has closed no window yet) gives a baseline that says why, so a
 * drill can still start; the report then says the budget share is relative to the drill's own traffic.
 */
final class Baselines {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Baselines() {
    }

    static URI statusUrl(URI given, KeelConfig config) {
        return given != null ? given : URI.create("http://" + config.slo().statusHost() + ":" + config.slo().statusPort());
    }

    static DrillBaseline read(URI base) {
        String url = base.toString().endsWith("/") ? base + "status" : base + "/status";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return unavailable(base, "the status endpoint answered HTTP " + response.statusCode()
                        + (response.statusCode() == 503 ? " (no window closed yet)" : ""));
            }
            return of(base, StatusSnapshot.JSON.readValue(response.body(), StatusSnapshot.class));
        } catch (IOException e) {
            return unavailable(base, "no SLO status at " + url + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(base, "interrupted");
        }
    }

    static DrillBaseline of(URI base, StatusSnapshot snapshot) {
        DrillBaseline.Builder b = DrillBaseline.newBuilder().setStatusUrl(base.toString())
                .setEvaluatedThrough(snapshot.evaluatedThrough())
                .setActiveAlerts(snapshot.alerts().stream().map(StatusSnapshot.ActiveAlert::alertKey).toList());
        snapshot.scope("global").ifPresentOrElse(global -> {
            StatusSnapshot.Sli hour = global.slis().get("1h");
            if (hour != null) {
                b.setSuccessRate1h(hour.successRate()).setP95Ms1h(hour.p95Ms()).setServed1h(hour.served());
            }
            if (global.errorBudget() != null) {
                b.setBudgetServed30d(global.errorBudget().served()).setBudgetAllowed30d(global.errorBudget().allowed())
                        .setBudgetRemainingFraction(global.errorBudget().remainingFraction());
            }
        }, () -> b.setUnavailable("the SLO app has no global scope yet (no results)"));
        return b.build();
    }

    static DrillBaseline unavailable(URI base, String reason) {
        return DrillBaseline.newBuilder().setStatusUrl(base.toString()).setActiveAlerts(List.of()).setUnavailable(reason).build();
    }

    static String describe(DrillBaseline b) {
        if (b.getUnavailable() != null) {
            return "no baseline: " + b.getUnavailable();
        }
        return String.format(java.util.Locale.ROOT, "baseline (1h): success %s, p95 %s, served %d; error budget left %.1f %% of %.1f allowed failures; %d active alert(s)",
                b.getSuccessRate1h() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f %%", 100 * b.getSuccessRate1h()),
                b.getP95Ms1h() == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f ms", b.getP95Ms1h()),
                b.getServed1h(), 100 * b.getBudgetRemainingFraction(), b.getBudgetAllowed30d(), b.getActiveAlerts().size());
    }
}
