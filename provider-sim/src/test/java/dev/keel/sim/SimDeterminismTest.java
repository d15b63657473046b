package dev.keel.sim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Same seed and same requests: same outputs and same fault decisions. */
class SimDeterminismTest {

    private static final Faults MIXED = Faults.NONE.withErrors(0.2, 503).withRateLimits(0.15, 500, false).withOverload(0.1)
            .withMalformed(0.1).withWrongContentType(0.05);

    private static List<String> run(long seed) {
        List<String> answers = new ArrayList<>();
        try (ProviderSim sim = ProviderSim.start(SimSettings.defaults("det").withSeed(seed).withFaults(MIXED)
                .withPorts(0, SimSettings.NO_ADMIN));
             RawHttp http = new RawHttp()) {
            URI openAi = URI.create(sim.openAiBaseUrl() + "/chat/completions");
            URI anthropic = URI.create(sim.anthropicBaseUrl() + "/v1/messages");
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> a = http.post(openAi, Map.of("Authorization", "Bearer k"), RawHttp.openAiBody("q" + (i % 7), false));
                HttpResponse<String> b = http.post(anthropic, Map.of("x-api-key", "k", "anthropic-version", "2023-06-01"),
                        RawHttp.anthropicBody("q" + (i % 7), false));
                answers.add(a.statusCode() + " " + a.body().replaceAll("\"created\":\\d+,", ""));
                answers.add(b.statusCode() + " " + b.body());
            }
        }
        return answers;
    }

    @Test
    void shouldAnswerIdenticallyWhenSeedAndRequestsAreTheSame() {
        // When
        List<String> first = run(7);
        List<String> second = run(7);

        // Then: not trivially equal: some requests failed, some did not
        assertThat(first).isEqualTo(second);
        assertThat(first).anyMatch(a -> a.startsWith("200 {"));
        assertThat(first).anyMatch(a -> a.startsWith("503 "));
        assertThat(first).anyMatch(a -> a.startsWith("429 "));
    }

    @Test
    void shouldDecideOtherFaultsWhenSeedDiffers() {
        assertThat(run(7)).isNotEqualTo(run(8));
    }

    @Test
    void shouldGiveSameTextForSamePromptWhateverItsPositionWhenSeedIsFixed() {
        // Given
        try (ProviderSim sim = ProviderSim.start(SimSettings.defaults("det-text").withPorts(0, SimSettings.NO_ADMIN));
             RawHttp http = new RawHttp()) {
            URI url = URI.create(sim.anthropicBaseUrl() + "/v1/messages");
            Map<String, String> headers = Map.of("x-api-key", "k", "anthropic-version", "2023-06-01");

            // When
            String a = http.post(url, headers, RawHttp.anthropicBody("same prompt", false)).body();
            http.post(url, headers, RawHttp.anthropicBody("another prompt", false));
            String b = http.post(url, headers, RawHttp.anthropicBody("same prompt", false)).body();

            // Then: ids differ per request, the text does not
            assertThat(a.replaceAll("\"id\":\"[^\"]+\"", "")).isEqualTo(b.replaceAll("\"id\":\"[^\"]+\"", ""));
        }
    }
}
