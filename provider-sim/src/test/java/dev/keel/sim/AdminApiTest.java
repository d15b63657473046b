package dev.keel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults, outage and keys switched at run time over the admin HTTP API (separate port). */
class AdminApiTest {

    private static final String KEY = "sk-admin-test-key-000111";
    private static final ObjectMapper JSON = new ObjectMapper();
    private ProviderSim sim;
    private RawHttp http;

    @BeforeEach
    void start() {
        sim = ProviderSim.start(SimSettings.defaults("admin").withAcceptedKeys(List.of(KEY)));
        http = new RawHttp();
    }

    @AfterEach
    void stop() {
        http.close();
        sim.close();
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return http.send(HttpRequest.newBuilder(URI.create(sim.adminUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> chat(String key) {
        return http.post(URI.create(sim.openAiBaseUrl() + "/chat/completions"), Map.of("Authorization", "Bearer " + key),
                RawHttp.openAiBody("hi", false));
    }

    @Test
    void shouldPatchOnlyTheGivenFieldsWhenFaultsArePosted() throws Exception {
        // When
        HttpResponse<String> response = admin("POST", "/faults?protocol=openai", "{\"error_rate\": 1.0, \"error_status\": 502}");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sim.faults(Protocol.OPENAI)).isEqualTo(Faults.NONE.withErrors(1.0, 502));
        assertThat(sim.faults(Protocol.ANTHROPIC)).isEqualTo(Faults.NONE);
        JsonNode state = JSON.readTree(response.body());
        assertThat(state.path("faults").path("openai").path("error_status").asInt()).isEqualTo(502);
        assertThat(chat(KEY).statusCode()).isEqualTo(502);
    }

    @Test
    void shouldRejectUnknownFieldsAndBadValuesWithAMessage() throws Exception {
        // When
        HttpResponse<String> unknown = admin("POST", "/faults", "{\"eror_rate\": 1.0}");
        HttpResponse<String> badRate = admin("POST", "/faults", "{\"error_rate\": 2.0}");
        HttpResponse<String> badProtocol = admin("POST", "/faults?protocol=gemini", "{}");

        // Then
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).contains("unknown field 'eror_rate'").contains("error_rate");
        assertThat(badRate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badRate.body()).path("error").asText()).contains("error_rate must be between 0 and 1");
        assertThat(badProtocol.statusCode()).isEqualTo(400);
        assertThat(sim.faults(Protocol.OPENAI)).isEqualTo(Faults.NONE);
    }

    @Test
    void shouldCloseAndReopenTheSamePortWhenOutageIsSwitched() {
        // Given
        int port = sim.port();

        // When
        admin("POST", "/outage", "{\"down\": true}");

        // Then
        assertThat(sim.isDown()).isTrue();
        assertThatThrownBy(() -> chat(KEY)).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
        admin("POST", "/outage", "{\"down\": false}");
        assertThat(sim.port()).isEqualTo(port);
        assertThat(chat(KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRevokeCurrentKeyAndAcceptARotatedOne() {
        // When
        admin("POST", "/keys/revoke", null);
        int revoked = chat(KEY).statusCode();
        admin("POST", "/keys", "{\"accept\": \"sk-rotated-222333\"}");

        // Then
        assertThat(revoked).isEqualTo(401);
        assertThat(chat(KEY).statusCode()).isEqualTo(401);
        assertThat(chat("sk-rotated-222333").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldShowStateWithoutKeysAndResetEverything() throws Exception {
        // Given
        admin("POST", "/faults", "{\"overload_rate\": 1.0}");
        admin("POST", "/latency", "{\"ttft_median_ms\": 5}");
        admin("POST", "/keys/revoke", null);

        // When
        HttpResponse<String> reset = admin("POST", "/reset", null);
        HttpResponse<String> state = admin("GET", "/state", null);

        // Then
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(state.body()).doesNotContain(KEY);
        JsonNode body = JSON.readTree(state.body());
        assertThat(body.path("keys").asText()).isEqualTo("1 accepted, 0 revoked");
        assertThat(body.path("faults").path("anthropic").path("overload_rate").asDouble()).isZero();
        assertThat(body.path("latency").path("ttft_median_ms").asDouble()).isZero();
        assertThat(chat(KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldClearFaultsWhenDeleted() {
        // Given
        sim.setFaults(Faults.NONE.withResets(1));

        // When
        HttpResponse<String> response = admin("DELETE", "/faults?protocol=anthropic", null);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sim.faults(Protocol.ANTHROPIC)).isEqualTo(Faults.NONE);
        assertThat(sim.faults(Protocol.OPENAI)).isEqualTo(Faults.NONE.withResets(1));
    }

    @Test
    void shouldAnswer404WithHintWhenRouteIsUnknown() {
        HttpResponse<String> response = admin("GET", "/nope", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("README");
    }
}
