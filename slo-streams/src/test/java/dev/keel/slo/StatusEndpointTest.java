package dev.keel.slo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.config.SloConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static dev.keel.slo.Results.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The status endpoint over the stores of a topology driven by test data. */
class StatusEndpointTest {

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeSlisBudgetBurnRatesAndActiveAlertsPerScope() throws Exception {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 20 minutes of 50 requests: 1 failure a minute, then 5 a minute from minute 14 on
            for (int m = 0; m < 20; m++) {
                slo.results(spread(m, 50, m >= 14 ? 5 : 1, 300));
            }
            slo.result(at(minute(20) + 10_000).build());
            StoreStatusSource source = new StoreStatusSource(() -> slo.store(SloTopology.STATUS_STORE),
                    () -> slo.store(SloTopology.META_STORE), slo.metrics, InstantSource.fixed(Instant.ofEpochMilli(42)));

            try (StatusServer server = StatusServer.start("127.0.0.1", 0, source, () -> true)) {
                // When the endpoint is asked
                HttpResponse<String> response = get(server.uri().resolve("/status"));

                // Then it answers JSON with every scope, global first
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode body = StatusSnapshot.JSON.readTree(response.body());
                assertThat(body.get("evaluated_through").asLong()).isEqualTo(minute(20));
                JsonNode global = body.get("scopes").get(0);
                assertThat(global.get("scope").asText()).isEqualTo("global");
                assertThat(global.at("/slis/5m/count").asLong()).isEqualTo(250);
                assertThat(global.at("/slis/5m/success_rate").asDouble()).isCloseTo(0.9, within(1e-9));
                assertThat(global.at("/slis/1h/count").asLong()).isEqualTo(1000);
                assertThat(global.at("/slis/30d/count").asLong()).isEqualTo(1000);
                // 14 x 1 + 6 x 5 = 44 failures of 1000 served; 5 allowed
                assertThat(global.at("/error_budget/failures").asLong()).isEqualTo(44);
                assertThat(global.at("/error_budget/allowed").asDouble()).isCloseTo(5.0, within(1e-9));
                assertThat(global.at("/error_budget/remaining_fraction").asDouble()).isCloseTo(1 - 44 / 5.0, within(1e-9));
                assertThat(global.at("/burn_rates/5m").asDouble()).isCloseTo(0.1 / 0.005, within(1e-9));
                assertThat(body.get("alerts")).extracting(a -> a.get("alert_key").asText())
                        .contains("success_rate|global", "burn_rate_slow|global", "budget_exhausted|global")
                        .doesNotContain("burn_rate_fast|global");
                assertThat(body.at("/counters/late_results").asLong()).isZero();

                // And the snapshot reads back into the model keel status renders
                StatusSnapshot snapshot = StatusSnapshot.JSON.readValue(response.body(), StatusSnapshot.class);
                assertThat(snapshot.scope("tenant:acme")).hasValueSatisfying(t -> assertThat(t.slis().get("1h").count()).isEqualTo(1000));
                assertThat(StatusTable.render(snapshot)).contains("global", "ACTIVE ALERTS", "success_rate|global", "error budget left");
            }
        }
    }

    @Test
    void shouldAnswer503WithTheReasonWhenNoStatusIsAvailable() throws Exception {
        // Given a source that has nothing yet
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> new StatusReading.Unavailable("the SLO app is starting"), () -> false)) {
            // When / Then
            HttpResponse<String> status = get(server.uri().resolve("/status"));
            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(status.body()).contains("the SLO app is starting");
            assertThat(get(server.uri().resolve("/health")).statusCode()).isEqualTo(503);
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
