package dev.keel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes on the wire: SSE framing, event order, headers and error bodies of both protocols. */
class WireFormatTest {

    private static final String KEY = "sk-wire-format-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ProviderSim sim;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        sim = ProviderSim.start(SimSettings.defaults("wire").withAcceptedKeys(List.of(KEY)).withPorts(0, SimSettings.NO_ADMIN));
        http = new RawHttp();
    }

    @AfterAll
    static void stop() {
        http.close();
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.reset();
    }

    private static HttpResponse<String> openAi(String body, String key) {
        return http.post(URI.create(sim.openAiBaseUrl() + "/chat/completions"), Map.of("Authorization", "Bearer " + key), body);
    }

    private static HttpResponse<String> anthropic(String body, Map<String, String> headers) {
        return http.post(URI.create(sim.anthropicBaseUrl() + "/v1/messages"), headers, body);
    }

    @Test
    void shouldFrameOpenAiStreamAsDataLinesEndingWithDone() throws Exception {
        // When
        HttpResponse<String> response = openAi(RawHttp.openAiBody("hello", true), KEY);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
        String[] events = response.body().split("\n\n");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        assertThat(Arrays.stream(events)).allMatch(e -> e.startsWith("data: ") && !e.contains("\n"));
        JsonNode first = JSON.readTree(events[0].substring(6));
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        JsonNode usageChunk = JSON.readTree(events[events.length - 2].substring(6));
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens_details").has("cached_tokens")).isTrue();
    }

    @Test
    void shouldSendAnthropicEventsInDocumentedOrder() throws Exception {
        // When
        HttpResponse<String> response = anthropic(RawHttp.anthropicBody("hello", true),
                Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01"));

        // Then
        List<String> names = Arrays.stream(response.body().split("\n\n")).map(e -> e.lines().findFirst().orElse("")).distinct().toList();
        assertThat(names).containsExactly("event: message_start", "event: content_block_start", "event: ping",
                "event: content_block_delta", "event: content_block_stop", "event: message_delta", "event: message_stop");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void shouldRequireAnthropicVersionAndMaxTokensLikeTheRealApi() throws Exception {
        // When
        HttpResponse<String> noVersion = anthropic(RawHttp.anthropicBody("hi", false), Map.of("x-api-key", KEY));
        HttpResponse<String> noMaxTokens = anthropic("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01"));

        // Then
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noVersion.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(noMaxTokens.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswerUnknownKeyWith401AndEchoOnlyAMaskedKey() {
        // When
        HttpResponse<String> response = openAi(RawHttp.openAiBody("hi", false), "sk-intruder-abcdefghijklmnop");

        // Then: like OpenAI, first 3 and last 4 characters only
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("sk-********mnop").doesNotContain("sk-intruder-abcdefghijklmnop");
        assertThat(sim.stats().answered("unauthorized")).isPositive();
    }

    @Test
    void shouldSendRetryAfterHeadersWhenRateLimiting() {
        // Given
        sim.setFaults(Faults.NONE.withRateLimits(1, 2500, false));

        // When
        HttpResponse<String> openAi = openAi(RawHttp.openAiBody("hi", false), KEY);
        HttpResponse<String> anthropic = anthropic(RawHttp.anthropicBody("hi", false),
                Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01"));

        // Then
        assertThat(openAi.headers().firstValue("retry-after-ms")).contains("2500");
        assertThat(openAi.headers().firstValue("retry-after")).contains("3");
        assertThat(anthropic.headers().firstValue("retry-after")).contains("3");
        assertThat(anthropic.headers().firstValue("retry-after-ms")).isEmpty();
    }

    @Test
    void shouldHonourMaxTokensWhenAnswerWouldBeLonger() throws Exception {
        // When
        HttpResponse<String> response = openAi(RawHttp.openAiBody("hi", false).replace("\"max_tokens\":50", "\"max_tokens\":3"), KEY);

        // Then
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void shouldEndStreamCleanlyWithoutTerminatorWhenTruncating() {
        // Given
        sim.setFaults(Protocol.OPENAI, Faults.NONE.withTruncation(1));

        // When
        HttpResponse<String> response = openAi(RawHttp.openAiBody("hi", true), KEY);

        // Then: the HTTP body is complete, the event stream is not
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("data: {").doesNotContain("[DONE]");
    }
}
